-- DropIndex
DROP INDEX "Case_ownerOrganisationId_nextStepDue_idx";

-- CreateIndex
CREATE INDEX "Case_ownerOrganisationId_nextStepDue_state_idx" ON "Case"("ownerOrganisationId", "nextStepDue", "state");

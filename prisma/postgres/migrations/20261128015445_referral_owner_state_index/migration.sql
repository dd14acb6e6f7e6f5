-- DropIndex
DROP INDEX "Referral_ownerOrganisationId_idx";

-- CreateIndex
CREATE INDEX "Referral_ownerOrganisationId_state_updatedAt_id_idx" ON "Referral"("ownerOrganisationId", "state", "updatedAt", "id");


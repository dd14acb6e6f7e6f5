-- CreateIndex
CREATE INDEX "Case_updatedAt_id_idx" ON "Case"("updatedAt", "id");

-- CreateIndex
CREATE INDEX "Case_kommuneId_updatedAt_id_idx" ON "Case"("kommuneId", "updatedAt", "id");

-- CreateIndex
CREATE INDEX "Case_ownerOrganisationId_nextStepDue_idx" ON "Case"("ownerOrganisationId", "nextStepDue");

-- CreateIndex
CREATE INDEX "Company_createdAt_id_idx" ON "Company"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Company_kommuneId_createdAt_id_idx" ON "Company"("kommuneId", "createdAt", "id");

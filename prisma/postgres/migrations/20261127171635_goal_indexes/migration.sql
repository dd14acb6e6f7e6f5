-- CreateIndex
CREATE INDEX "Case_openedAt_idx" ON "Case"("openedAt");

-- CreateIndex
CREATE INDEX "CaseActivity_date_caseId_idx" ON "CaseActivity"("date", "caseId");


-- CreateTable
CREATE TABLE "Referral" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "ownerOrganisationId" TEXT NOT NULL,
    "ownerId" TEXT,
    "purpose" TEXT NOT NULL,
    "noteToRecipient" TEXT,
    "companyContact" TEXT,
    "state" TEXT NOT NULL DEFAULT 'draft',
    "context" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "designEcosystem" BOOLEAN NOT NULL DEFAULT false,
    "sentAt" DATETIME,
    "followUpDueAt" DATETIME,
    "outcome" TEXT,
    "outcomeAt" DATETIME,
    "acknowledgedAt" DATETIME,
    "acknowledgedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Referral_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Referral_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Referral_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Referral_ownerOrganisationId_fkey" FOREIGN KEY ("ownerOrganisationId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Referral_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Referral_acknowledgedById_fkey" FOREIGN KEY ("acknowledgedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Referral_state_followUpDueAt_idx" ON "Referral"("state", "followUpDueAt");

-- CreateIndex
CREATE INDEX "Referral_recipientId_idx" ON "Referral"("recipientId");

-- CreateIndex
CREATE INDEX "Referral_ownerOrganisationId_idx" ON "Referral"("ownerOrganisationId");

-- CreateIndex
CREATE INDEX "Referral_sentAt_idx" ON "Referral"("sentAt");

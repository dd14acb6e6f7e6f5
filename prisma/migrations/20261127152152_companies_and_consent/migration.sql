-- CreateTable
CREATE TABLE "Company" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cvr" TEXT,
    "pNumber" TEXT,
    "name" TEXT,
    "address" TEXT,
    "industry" TEXT,
    "searchText" TEXT,
    "employeeBand" TEXT,
    "segment" TEXT NOT NULL,
    "kommuneId" TEXT NOT NULL,
    "ownerOrganisationId" TEXT NOT NULL,
    "createdById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "erasedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Company_kommuneId_fkey" FOREIGN KEY ("kommuneId") REFERENCES "Kommune" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Company_ownerOrganisationId_fkey" FOREIGN KEY ("ownerOrganisationId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Company_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ContactPerson" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "companyId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ContactPerson_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Case" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "form" TEXT NOT NULL,
    "ownerOrganisationId" TEXT NOT NULL,
    "kommuneId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'open',
    "context" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "nextStep" TEXT,
    "nextStepDue" DATETIME,
    "createdById" TEXT,
    "openedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Case_ownerOrganisationId_fkey" FOREIGN KEY ("ownerOrganisationId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Case_kommuneId_fkey" FOREIGN KEY ("kommuneId") REFERENCES "Kommune" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Case_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseCompany" (
    "caseId" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,

    PRIMARY KEY ("caseId", "companyId"),
    CONSTRAINT "CaseCompany_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CaseCompany_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseTopic" (
    "caseId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,

    PRIMARY KEY ("caseId", "topic"),
    CONSTRAINT "CaseTopic_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseActivity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "date" DATETIME NOT NULL,
    "note" TEXT NOT NULL,
    "authorId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CaseActivity_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CaseActivity_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Consent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "companyId" TEXT NOT NULL,
    "givenByName" TEXT NOT NULL,
    "givenByRole" TEXT,
    "method" TEXT NOT NULL,
    "methodNote" TEXT,
    "givenAt" DATETIME NOT NULL,
    "allPartners" BOOLEAN NOT NULL DEFAULT false,
    "forGuidance" BOOLEAN NOT NULL DEFAULT false,
    "forReferral" BOOLEAN NOT NULL DEFAULT false,
    "forEvaluation" BOOLEAN NOT NULL DEFAULT false,
    "expiresAt" DATETIME NOT NULL,
    "recordedById" TEXT,
    "recordedByOrganisationId" TEXT NOT NULL,
    "revokedAt" DATETIME,
    "revokedById" TEXT,
    "revokeReason" TEXT,
    "expiredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Consent_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Consent_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Consent_revokedById_fkey" FOREIGN KEY ("revokedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConsentOrganisation" (
    "consentId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,

    PRIMARY KEY ("consentId", "organisationId"),
    CONSTRAINT "ConsentOrganisation_consentId_fkey" FOREIGN KEY ("consentId") REFERENCES "Consent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConsentOrganisation_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConsentAccess" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "companyId" TEXT NOT NULL,
    "consentId" TEXT NOT NULL,
    "userId" TEXT,
    "place" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ConsentAccess_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConsentAccess_consentId_fkey" FOREIGN KEY ("consentId") REFERENCES "Consent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConsentAccess_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Company_cvr_key" ON "Company"("cvr");

-- CreateIndex
CREATE INDEX "Company_kommuneId_idx" ON "Company"("kommuneId");

-- CreateIndex
CREATE INDEX "Company_ownerOrganisationId_idx" ON "Company"("ownerOrganisationId");

-- CreateIndex
CREATE INDEX "Company_name_idx" ON "Company"("name");

-- CreateIndex
CREATE INDEX "ContactPerson_companyId_idx" ON "ContactPerson"("companyId");

-- CreateIndex
CREATE INDEX "Case_kommuneId_openedAt_idx" ON "Case"("kommuneId", "openedAt");

-- CreateIndex
CREATE INDEX "Case_ownerOrganisationId_idx" ON "Case"("ownerOrganisationId");

-- CreateIndex
CREATE INDEX "Case_state_idx" ON "Case"("state");

-- CreateIndex
CREATE INDEX "CaseCompany_companyId_idx" ON "CaseCompany"("companyId");

-- CreateIndex
CREATE INDEX "CaseTopic_topic_idx" ON "CaseTopic"("topic");

-- CreateIndex
CREATE INDEX "CaseActivity_caseId_date_idx" ON "CaseActivity"("caseId", "date");

-- CreateIndex
CREATE INDEX "Consent_companyId_idx" ON "Consent"("companyId");

-- CreateIndex
CREATE INDEX "Consent_expiresAt_idx" ON "Consent"("expiresAt");

-- CreateIndex
CREATE INDEX "ConsentOrganisation_organisationId_idx" ON "ConsentOrganisation"("organisationId");

-- CreateIndex
CREATE INDEX "ConsentAccess_companyId_at_idx" ON "ConsentAccess"("companyId", "at");

-- CreateTable
CREATE TABLE "Declaration" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kommuneId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'draft',
    "context" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "content" TEXT NOT NULL,
    "contentRevision" INTEGER NOT NULL DEFAULT 1,
    "renewedFromId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Declaration_kommuneId_fkey" FOREIGN KEY ("kommuneId") REFERENCES "Kommune" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Declaration_renewedFromId_fkey" FOREIGN KEY ("renewedFromId") REFERENCES "Declaration" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DeclarationRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "declarationId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "authorId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DeclarationRevision_declarationId_fkey" FOREIGN KEY ("declarationId") REFERENCES "Declaration" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DeclarationRevision_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DeclarationComment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "declarationId" TEXT NOT NULL,
    "authorId" TEXT,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DeclarationComment_declarationId_fkey" FOREIGN KEY ("declarationId") REFERENCES "Declaration" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DeclarationComment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LocalWorkday" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kommuneId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "date" DATETIME NOT NULL,
    "lesId" TEXT,
    "notes" TEXT,
    "companiesMet" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LocalWorkday_kommuneId_fkey" FOREIGN KEY ("kommuneId") REFERENCES "Kommune" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "LocalWorkday_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Declaration_renewedFromId_key" ON "Declaration"("renewedFromId");

-- CreateIndex
CREATE INDEX "Declaration_year_state_idx" ON "Declaration"("year", "state");

-- CreateIndex
CREATE UNIQUE INDEX "Declaration_kommuneId_year_key" ON "Declaration"("kommuneId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "DeclarationRevision_declarationId_revision_key" ON "DeclarationRevision"("declarationId", "revision");

-- CreateIndex
CREATE INDEX "DeclarationComment_declarationId_createdAt_idx" ON "DeclarationComment"("declarationId", "createdAt");

-- CreateIndex
CREATE INDEX "LocalWorkday_kommuneId_date_idx" ON "LocalWorkday"("kommuneId", "date");

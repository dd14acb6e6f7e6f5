-- CreateTable
CREATE TABLE "SurveyAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "answerId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "segment" TEXT NOT NULL,
    "satisfaction" TEXT NOT NULL,
    "recommend" INTEGER,
    "effect" TEXT NOT NULL,
    "referralUsed" TEXT,
    "topics" TEXT NOT NULL DEFAULT '',
    "kommuneId" TEXT,
    "importedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SurveyAnswer_kommuneId_fkey" FOREIGN KEY ("kommuneId") REFERENCES "Kommune" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "SurveyAnswer_importedById_fkey" FOREIGN KEY ("importedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReportedFigure" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "year" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "value" REAL NOT NULL,
    "source" TEXT NOT NULL,
    "sourceDate" DATETIME NOT NULL,
    "enteredById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ReportedFigure_enteredById_fkey" FOREIGN KEY ("enteredById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GoalComment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "year" INTEGER NOT NULL,
    "goal" TEXT NOT NULL,
    "comment" TEXT NOT NULL,
    "authorId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "GoalComment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "SurveyAnswer_answerId_key" ON "SurveyAnswer"("answerId");

-- CreateIndex
CREATE INDEX "SurveyAnswer_year_segment_idx" ON "SurveyAnswer"("year", "segment");

-- CreateIndex
CREATE UNIQUE INDEX "ReportedFigure_year_kind_key" ON "ReportedFigure"("year", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "GoalComment_year_goal_key" ON "GoalComment"("year", "goal");

-- CreateTable
CREATE TABLE "SurveyAnswer" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportedFigure" (
    "id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "source" TEXT NOT NULL,
    "sourceDate" TIMESTAMP(3) NOT NULL,
    "enteredById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReportedFigure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GoalComment" (
    "id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "goal" TEXT NOT NULL,
    "comment" TEXT NOT NULL,
    "authorId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GoalComment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SurveyAnswer_answerId_key" ON "SurveyAnswer"("answerId");

-- CreateIndex
CREATE INDEX "SurveyAnswer_year_segment_idx" ON "SurveyAnswer"("year", "segment");

-- CreateIndex
CREATE UNIQUE INDEX "ReportedFigure_year_kind_key" ON "ReportedFigure"("year", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "GoalComment_year_goal_key" ON "GoalComment"("year", "goal");

-- AddForeignKey
ALTER TABLE "SurveyAnswer" ADD CONSTRAINT "SurveyAnswer_kommuneId_fkey" FOREIGN KEY ("kommuneId") REFERENCES "Kommune"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyAnswer" ADD CONSTRAINT "SurveyAnswer_importedById_fkey" FOREIGN KEY ("importedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportedFigure" ADD CONSTRAINT "ReportedFigure_enteredById_fkey" FOREIGN KEY ("enteredById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GoalComment" ADD CONSTRAINT "GoalComment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;


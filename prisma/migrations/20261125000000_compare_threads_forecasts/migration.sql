-- Issue #3 (blind mode, forecast questions) and #4 (threads).

-- CreateEnum
CREATE TYPE "ForecastOutcome" AS ENUM ('YES', 'NO', 'AMBIGUOUS', 'ANNULLED');

-- AlterTable
ALTER TABLE "Document" ADD COLUMN "blind" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN "questionId" UUID;

-- AlterTable
ALTER TABLE "AnnotationEvent" ADD COLUMN "replyId" UUID;

-- CreateTable
CREATE TABLE "ReadingDone" (
    "documentId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "doneAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReadingDone_pkey" PRIMARY KEY ("documentId","userId")
);

-- CreateTable
CREATE TABLE "Reply" (
    "id" UUID NOT NULL,
    "annotationId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Reply_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ForecastQuestion" (
    "id" UUID NOT NULL,
    "documentId" UUID NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "exact" TEXT NOT NULL,
    "statement" TEXT NOT NULL,
    "resolveBy" DATE,
    "criteria" TEXT,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "authorWording" TEXT,
    "authorProbability" DOUBLE PRECISION,
    "outcome" "ForecastOutcome",
    "resolutionNote" TEXT,
    "resolutionSource" TEXT,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolvedById" UUID,

    CONSTRAINT "ForecastQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ForecastEntry" (
    "id" BIGSERIAL NOT NULL,
    "questionId" UUID NOT NULL,
    "analystId" UUID NOT NULL,
    "probability" DOUBLE PRECISION NOT NULL,
    "confidence" "Confidence",
    "term" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ForecastEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Annotation_questionId_idx" ON "Annotation"("questionId");

-- CreateIndex
CREATE INDEX "Reply_annotationId_createdAt_idx" ON "Reply"("annotationId", "createdAt");

-- CreateIndex
CREATE INDEX "ForecastQuestion_documentId_start_idx" ON "ForecastQuestion"("documentId", "start");

-- CreateIndex
CREATE INDEX "ForecastEntry_questionId_analystId_id_idx" ON "ForecastEntry"("questionId", "analystId", "id");

-- AddForeignKey
ALTER TABLE "ReadingDone" ADD CONSTRAINT "ReadingDone_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReadingDone" ADD CONSTRAINT "ReadingDone_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Annotation" ADD CONSTRAINT "Annotation_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "ForecastQuestion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reply" ADD CONSTRAINT "Reply_annotationId_fkey" FOREIGN KEY ("annotationId") REFERENCES "Annotation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reply" ADD CONSTRAINT "Reply_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForecastQuestion" ADD CONSTRAINT "ForecastQuestion_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForecastQuestion" ADD CONSTRAINT "ForecastQuestion_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForecastQuestion" ADD CONSTRAINT "ForecastQuestion_resolvedById_fkey" FOREIGN KEY ("resolvedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForecastEntry" ADD CONSTRAINT "ForecastEntry_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "ForecastQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForecastEntry" ADD CONSTRAINT "ForecastEntry_analystId_fkey" FOREIGN KEY ("analystId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnnotationEvent" ADD CONSTRAINT "AnnotationEvent_replyId_fkey" FOREIGN KEY ("replyId") REFERENCES "Reply"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Issue #10: a compare row in the disagreement queue marked discussed or settled. A row is named by
-- its document and a hash of the ids of the annotations in it (lib/compare/queue.ts rowKey).

-- CreateEnum
CREATE TYPE "ReviewState" AS ENUM ('DISCUSSED', 'SETTLED');

-- CreateTable
CREATE TABLE "DisagreementReview" (
    "documentId" UUID NOT NULL,
    "rowKey" TEXT NOT NULL,
    "state" "ReviewState" NOT NULL,
    "updatedById" UUID NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DisagreementReview_pkey" PRIMARY KEY ("documentId","rowKey")
);

-- AddForeignKey
ALTER TABLE "DisagreementReview" ADD CONSTRAINT "DisagreementReview_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisagreementReview" ADD CONSTRAINT "DisagreementReview_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

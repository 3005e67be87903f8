-- Issue #10: the team's consensus on a compare row is an annotation marked `consensus`, recorded by
-- an admin, naming the analysts' annotations it settles; a source can be another annotation
-- (an evidence link) instead of, or beside, a URL.

-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN "consensus" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "settles" UUID[] DEFAULT ARRAY[]::UUID[];

-- AlterTable
ALTER TABLE "Source" ADD COLUMN "linkedAnnotationId" UUID;

-- CreateIndex
CREATE INDEX "Source_linkedAnnotationId_idx" ON "Source"("linkedAnnotationId");

-- AddForeignKey
ALTER TABLE "Source" ADD CONSTRAINT "Source_linkedAnnotationId_fkey" FOREIGN KEY ("linkedAnnotationId") REFERENCES "Annotation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

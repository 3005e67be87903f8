-- Issue #10: judgment statistics and the disagreement queue's rankings as an instance computed them,
-- so a fresh instance (or another one) serves them without reading and matching a document's
-- 10,000s of annotations again (lib/compare/results.ts). A row is found by what it is of (`scope`)
-- and used only when `key` (a hash of the code's version and of the database's fingerprint of every
-- annotation it was computed from) is the key of the annotations now: a changed document simply
-- misses. One row per scope, replaced by each new computation. No change trigger: no cached answer
-- reads it, and writing it must not empty the read caches (lib/db/writes.ts UNCACHED_MODELS).
CREATE TABLE "CompareResult" (
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "documentId" UUID,
    "computedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CompareResult_pkey" PRIMARY KEY ("scope")
);

CREATE INDEX "CompareResult_documentId_idx" ON "CompareResult"("documentId");

ALTER TABLE "CompareResult" ADD CONSTRAINT "CompareResult_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

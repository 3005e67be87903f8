-- Issue #9: analysts bring their own documents (who added them, how, from where), revise them
-- (every revision kept), admins archive and restore them; full-text search over documents,
-- annotations, replies and sources with generated tsvector columns and GIN indexes.

-- AlterTable: who added a document, in what form, from where; its revision; archiving.
ALTER TABLE "Document" ADD COLUMN "revision" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN "format" TEXT NOT NULL DEFAULT 'corpus',
ADD COLUMN "sourceUrl" TEXT,
ADD COLUMN "createdById" UUID,
ADD COLUMN "archivedAt" TIMESTAMPTZ(3),
ADD COLUMN "archivedById" UUID,
ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english'::regconfig, "title"), 'A') || setweight(to_tsvector('english'::regconfig, coalesce("byline", '')), 'B')
) STORED;

-- The same text twice in the library is refused (409 naming the slug), also when two arrive at once.
CREATE UNIQUE INDEX "Document_textHash_key" ON "Document"("textHash");
CREATE INDEX "Document_createdAt_idx" ON "Document"("createdAt");
CREATE INDEX "Document_search_idx" ON "Document" USING GIN ("search");

ALTER TABLE "Document" ADD CONSTRAINT "Document_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Document" ADD CONSTRAINT "Document_archivedById_fkey" FOREIGN KEY ("archivedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateTable: every revision of a document's text, the current one included.
CREATE TABLE "DocumentRevision" (
    "id" UUID NOT NULL,
    "documentId" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "byline" TEXT,
    "publishedAt" DATE,
    "format" TEXT NOT NULL,
    "sourceFile" TEXT,
    "sourceUrl" TEXT,
    "content" JSONB NOT NULL,
    "text" TEXT NOT NULL,
    "textHash" TEXT NOT NULL,
    "reanchored" JSONB,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentRevision_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "DocumentRevision_documentId_revision_key" ON "DocumentRevision"("documentId", "revision");
CREATE INDEX "DocumentRevision_documentId_textHash_idx" ON "DocumentRevision"("documentId", "textHash");
ALTER TABLE "DocumentRevision" ADD CONSTRAINT "DocumentRevision_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "DocumentRevision" ADD CONSTRAINT "DocumentRevision_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The documents already here (the corpus) get their first revision.
INSERT INTO "DocumentRevision" ("id", "documentId", "revision", "title", "byline", "publishedAt", "format", "sourceFile", "content", "text", "textHash", "createdAt")
SELECT gen_random_uuid(), "id", 1, "title", "byline", "publishedAt", 'corpus', "sourceFile", "content", "text", "textHash", "createdAt" FROM "Document";

-- CreateTable: a document's current text in passages (its blocks, long ones cut), for search.
CREATE TABLE "DocumentPassage" (
    "documentId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "search" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, "text")) STORED,

    CONSTRAINT "DocumentPassage_pkey" PRIMARY KEY ("documentId", "position")
);
CREATE INDEX "DocumentPassage_search_idx" ON "DocumentPassage" USING GIN ("search");
ALTER TABLE "DocumentPassage" ADD CONSTRAINT "DocumentPassage_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Annotations, replies and sources are searched by their own words.
ALTER TABLE "Annotation" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english'::regconfig, "note"), 'A')
  || setweight(to_tsvector('english'::regconfig, coalesce("statement", '') || ' ' || coalesce("criteria", '') || ' ' || coalesce("attributedTo", '')), 'A')
  || setweight(to_tsvector('english'::regconfig, "exact"), 'B')
) STORED;
CREATE INDEX "Annotation_search_idx" ON "Annotation" USING GIN ("search");

ALTER TABLE "Reply" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, "body")) STORED;
CREATE INDEX "Reply_search_idx" ON "Reply" USING GIN ("search");

ALTER TABLE "Source" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english'::regconfig, coalesce("title", '') || ' ' || coalesce("publisher", '')), 'A')
  || setweight(to_tsvector('english'::regconfig, coalesce("excerpt", '')), 'B')
) STORED;
CREATE INDEX "Source_search_idx" ON "Source" USING GIN ("search");

-- A history event written by Assay itself (re-anchoring after a revision) has no acting user.
ALTER TABLE "AnnotationEvent" ALTER COLUMN "actorId" DROP NOT NULL;

-- The library live: a document added, archived or restored is announced when it commits.
CREATE FUNCTION "assay_notify_library"() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('assay_library_events', json_build_object('id', NEW."id", 'slug', NEW."slug")::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Document_notify_insert" AFTER INSERT ON "Document"
  FOR EACH ROW EXECUTE FUNCTION "assay_notify_library"();
CREATE TRIGGER "Document_notify_update" AFTER UPDATE OF "archivedAt", "title", "revision" ON "Document"
  FOR EACH ROW EXECUTE FUNCTION "assay_notify_library"();

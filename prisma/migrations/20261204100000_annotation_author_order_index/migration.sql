-- Issue #13: an export or container page filtered by analyst reads that analyst's annotations in
-- page order (documentId, start, id) from this index, from where the last page ended, rather than
-- reading and sorting all their remaining annotations for every page. It also serves everything the
-- index on "authorId" alone served (its first column), so that one goes.
DROP INDEX "Annotation_authorId_idx";
CREATE INDEX "Annotation_authorId_documentId_start_id_idx" ON "Annotation"("authorId", "documentId", "start", "id");

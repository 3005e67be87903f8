-- Issue #13: the forecast board's first page walks the documents in title order and stops once it
-- has a page (lib/forecasts/board.ts), instead of sorting every question of a large library.
CREATE INDEX "Document_title_idx" ON "Document"("title");

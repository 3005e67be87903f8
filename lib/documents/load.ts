// Loads the corpus into the database. Idempotent: an unchanged file changes nothing; a changed
// file becomes a new revision of its document and re-anchors its annotations by quote (DESIGN.md),
// marking the ones that cannot be placed as orphans instead of dropping them — the same writer as
// a revision an analyst uploads (./revisions.ts).
import 'server-only';
import { prisma } from '@/lib/db';
import { readCorpus } from '@/lib/corpus/parse';
import { canonicalText } from '@/lib/corpus/canonical';
import { textHash } from '@/lib/corpus/hash';
import { createDocument, type RevisionData, writePassages, writeRevision } from './revisions';

export type LoadReport = { created: string[]; updated: string[]; unchanged: string[]; reanchored: number; orphaned: number };

export async function loadCorpus(dir?: string): Promise<LoadReport> {
  const report: LoadReport = { created: [], updated: [], unchanged: [], reanchored: 0, orphaned: 0 };
  for (const parsed of readCorpus(dir)) {
    const text = canonicalText(parsed.content);
    const data: RevisionData = {
      title: parsed.title,
      byline: parsed.byline,
      publishedAt: parsed.publishedAt ? new Date(`${parsed.publishedAt}T00:00:00Z`) : null,
      format: 'corpus',
      sourceFile: parsed.sourceFile,
      sourceUrl: null,
      content: parsed.content,
      text,
      textHash: textHash(text),
    };
    const existing = await prisma.document.findUnique({ where: { slug: parsed.slug }, select: { id: true, textHash: true, title: true, byline: true, revision: true } });
    if (!existing) {
      await prisma.$transaction((tx) => createDocument(tx, parsed.slug, data, null), { timeout: 60_000 });
      report.created.push(parsed.slug);
    } else if (existing.textHash !== data.textHash || existing.title !== data.title || existing.byline !== data.byline) {
      await prisma.$transaction(
        async (tx) => {
          await tx.$queryRaw`SELECT 1 FROM "Document" WHERE id = ${existing.id}::uuid FOR UPDATE`;
          const { counts } = await writeRevision(tx, existing, data, null);
          report.reanchored += counts.unchanged + counts.moved + counts.fuzzy;
          report.orphaned += counts.orphaned;
        },
        { timeout: 60_000 },
      );
      report.updated.push(parsed.slug);
    } else {
      report.unchanged.push(parsed.slug);
    }
  }
  // Databases made before search had no passages: the corpus's are written once.
  const bare = await prisma.document.findMany({ where: { passages: { none: {} } }, select: { id: true, text: true } });
  for (const d of bare) await prisma.$transaction((tx) => writePassages(tx, d.id, d.text));
  return report;
}

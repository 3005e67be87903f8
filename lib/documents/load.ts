// Loads the corpus into the database. Idempotent: an unchanged file changes nothing; a changed
// file replaces the document's text and re-anchors its annotations by quote (DESIGN.md), marking
// the ones that cannot be placed as orphans instead of dropping them.
import 'server-only';
import { prisma } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { readCorpus } from '@/lib/corpus/parse';
import { canonicalText } from '@/lib/corpus/canonical';
import { textHash } from '@/lib/corpus/hash';
import { describeRange } from '@/lib/anchoring/selectors';
import { reanchor } from '@/lib/anchoring/reanchor';

export type LoadReport = { created: string[]; updated: string[]; unchanged: string[]; reanchored: number; orphaned: number };

export async function loadCorpus(dir?: string): Promise<LoadReport> {
  const report: LoadReport = { created: [], updated: [], unchanged: [], reanchored: 0, orphaned: 0 };
  for (const parsed of readCorpus(dir)) {
    const text = canonicalText(parsed.content);
    const hash = textHash(text);
    const fields = {
      title: parsed.title,
      byline: parsed.byline,
      publishedAt: parsed.publishedAt ? new Date(`${parsed.publishedAt}T00:00:00Z`) : null,
      sourceFile: parsed.sourceFile,
      content: parsed.content as Prisma.InputJsonValue,
      text,
      textHash: hash,
    };
    const existing = await prisma.document.findUnique({ where: { slug: parsed.slug }, select: { id: true, textHash: true, title: true, byline: true } });
    if (!existing) {
      await prisma.document.create({ data: { slug: parsed.slug, ...fields } });
      report.created.push(parsed.slug);
    } else if (existing.textHash !== hash || existing.title !== fields.title || existing.byline !== fields.byline) {
      await prisma.$transaction(async (tx) => {
        await tx.document.update({ where: { id: existing.id }, data: fields });
        const moved = await reanchorDocument(tx, existing.id, text, hash);
        report.reanchored += moved.reanchored;
        report.orphaned += moved.orphaned;
      });
      report.updated.push(parsed.slug);
    } else {
      report.unchanged.push(parsed.slug);
    }
  }
  return report;
}

async function reanchorDocument(tx: Prisma.TransactionClient, documentId: string, text: string, hash: string) {
  const stale = await tx.annotation.findMany({ where: { documentId, textHash: { not: hash } } });
  let reanchored = 0;
  let orphaned = 0;
  for (const a of stale) {
    const placed = reanchor(text, a);
    if (placed) {
      const selector = describeRange(text, placed.start, placed.end);
      await tx.annotation.update({
        where: { id: a.id },
        data: { ...selector, textHash: hash, orphan: false },
      });
      reanchored++;
    } else {
      // Keep the old selectors: they are what the analyst highlighted, and a later revision may
      // bring the passage back.
      await tx.annotation.update({ where: { id: a.id }, data: { orphan: true, textHash: hash } });
      orphaned++;
    }
  }
  return { reanchored, orphaned };
}

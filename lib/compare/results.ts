// Results of comparing kept in the database (issue #10): the judgment statistics of a document and
// of the corpus, and each document's disagreement ranking, as an instance computed them. Computing
// them reads and matches a document's 10,000s of annotations (hundreds of ms); an instance holds
// them in memory (lib/compare/service.ts), and keeps them here too, so a fresh instance, or another
// one behind the same proxy, finds them after one cheap read of the document's fingerprint
// (lib/compare/load.ts loadKeys) rather than computing them again.
//
// A result is found by what it is of (`scope`: one row each, replaced by every new computation) and
// used only when its key matches: a hash of RESULTS_VERSION and of the key of the annotations (the
// database's fingerprint of every column comparing reads, which probabilities were masked) and the
// analysts it was computed for. A changed document gives a new key, so a result is never stale.
import 'server-only';
import { createHash } from 'node:crypto';
import { prisma } from '@/lib/db';

/**
 * The version of the code that computes the results kept here: bump it whenever matching, the
 * tolerances, the statistics or the ranking change, so no result of the old code is served.
 * lib/compare/results.test.ts holds a hash of those files and fails until it is bumped.
 */
export const RESULTS_VERSION = 1;

const hash = (text: string) => createHash('sha256').update(text).digest('base64url');

/** `scope`'s result, when it was computed from what `key` names; null otherwise. */
export async function storedResult<T>(scope: string, key: string): Promise<T | null> {
  const row = await prisma.compareResult.findUnique({ where: { scope }, select: { key: true, result: true } });
  return row && row.key === hash(`${RESULTS_VERSION}|${key}`) ? (JSON.parse(row.result) as T) : null;
}

/**
 * Keeps `result` as `scope`'s, computed from what `key` names, after the answer (the read that
 * computed it does not wait). Never fails that read: a document deleted meanwhile (its rows go
 * with it) or a lost race only costs the next fresh instance a computation.
 */
export function storeResult(scope: string, key: string, documentId: string | null, result: unknown): void {
  const row = { key: hash(`${RESULTS_VERSION}|${key}`), result: JSON.stringify(result), documentId, computedAt: new Date() };
  const stored = prisma.compareResult
    .upsert({ where: { scope }, create: { scope, ...row }, update: row, select: { scope: true } })
    .then(
      () => {},
      (error: unknown) => {
        // Two instances keeping the same scope at once (P2002), or the document deleted meanwhile (P2003): expected.
        const code = (error as { code?: string }).code;
        if (code !== 'P2002' && code !== 'P2003') console.warn(`Could not keep a result of comparing (${scope}):`, error instanceof Error ? error.message : error);
      },
    )
    .finally(() => pending.delete(stored));
  pending.add(stored);
  if (Date.now() - lastPruned > PRUNE_EVERY_MS) {
    lastPruned = Date.now();
    const pruned: Promise<void> = pruneStoredResults()
      .then(
        () => {},
        (error: unknown) => console.warn('Could not prune kept results of comparing:', error instanceof Error ? error.message : error),
      )
      .finally(() => pending.delete(pruned));
    pending.add(pruned);
  }
}
const pending = new Set<Promise<void>>();

/**
 * How long a kept result outlives its last computation. Each scope holds one row, but scopes pile
 * up: one per masking of a document (a reader who has not forecast on some questions has their
 * own), and the corpus's per set of documents. A result still in use is computed again after a
 * change anyway; one not recomputed for this long is deleted, and a fresh instance that wanted it
 * only computes it again.
 */
export const KEEP_RESULTS_DAYS = 14;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
let lastPruned = 0;

/** Deletes kept results computed more than KEEP_RESULTS_DAYS ago (at most hourly, by storeResult). */
export async function pruneStoredResults(): Promise<number> {
  const before = new Date(Date.now() - KEEP_RESULTS_DAYS * 24 * 60 * 60 * 1000);
  return (await prisma.compareResult.deleteMany({ where: { computedAt: { lt: before } } })).count;
}

/** Once every result being kept is written (tests; the bench). */
export async function storesSettled() {
  while (pending.size > 0) await Promise.all(pending);
}

/** A scope name for a long list of parts (the corpus: every document and its masking). */
export const scopeOf = (kind: string, parts: string[]) => `${kind}:${parts.length === 1 ? parts[0] : hash(parts.join('|'))}`;

/** Forgets every kept result (the bench's "uncomputed" figures; tests). */
export async function forgetStoredResults() {
  await storesSettled();
  await prisma.compareResult.deleteMany({});
}

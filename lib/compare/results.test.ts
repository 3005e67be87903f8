// The results kept in the database (lib/compare/results.ts) are served to fresh instances as long as
// their key matches, and the key names the code's version: a change to how results are computed
// must bump RESULTS_VERSION, or instances would serve results of the old code. This test fails when
// those files change, until the version is bumped and the hash below updated with it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESULTS_VERSION } from './results';

/** What the kept results are computed by: matching, tolerances and gaps, the statistics, the ranking. */
const FILES = ['lib/compare/rows.ts', 'lib/compare/judgments.ts', 'lib/compare/judgmentStats.ts', 'lib/compare/ranking.ts', 'lib/agreement/alpha.ts', 'lib/agreement/pairwise.ts'];

const KNOWN: Record<number, string> = {
  1: '054629cf9733d1c4',
};

describe('RESULTS_VERSION', () => {
  it('is bumped when the code that computes kept results changes', () => {
    const hash = createHash('sha256');
    for (const file of FILES) hash.update(readFileSync(path.resolve(import.meta.dirname, '../..', file), 'utf8'));
    const digest = hash.digest('hex').slice(0, 16);
    expect(digest, `${FILES.join(', ')} changed: bump RESULTS_VERSION in lib/compare/results.ts and record this hash for it here`).toBe(KNOWN[RESULTS_VERSION]);
  });
});

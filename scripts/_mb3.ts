import { matchRows } from '@/lib/compare/rows';
import { judgmentStats } from '@/lib/compare/judgmentStats';
import type { CompareAnnotation } from '@/lib/compare/types';
function random(seed: number) { let s = seed >>> 0; return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; }
const KINDS = ['CLAIM', 'FORECAST', 'FACT'] as const;
for (const [length, count] of [[8377, 25000], [26707, 25000]] as const) {
  const rand = random(42);
  const out: CompareAnnotation[] = [];
  while (out.length < count) {
    const base = Math.floor(rand() * Math.max(1, length - 300)); const size = 40 + Math.floor(rand() * 200);
    const kind = KINDS[Math.floor(rand() * 3)]; const first = Math.floor(rand() * 25);
    for (let k = 0; k < 5 && out.length < count; k++) {
      const start = Math.max(0, base + Math.floor(rand() * 20) - 10); const end = Math.min(length, start + size + Math.floor(rand() * 20) - 10);
      if (end <= start) continue;
      const kk = rand() < 0.2 ? KINDS[Math.floor(rand() * 3)] : kind;
      out.push({ id: `a${out.length}`, authorId: `u${(first + k) % 25}`, kind: kk, start, end, createdAt: out.length,
        fields: kk === 'CLAIM' ? { credibility: 1 + Math.floor(rand() * 6), attributedTo: null } : kk === 'FACT' ? { status: (['VERIFIED', 'DISPUTED', 'FALSE', 'UNVERIFIED'] as const)[Math.floor(rand() * 4)] } : { probability: Math.round(rand() * 100) / 100 } });
    }
  }
  const analysts = Array.from({ length: 25 }, (_, i) => `u${i}`);
  for (let r = 0; r < 4; r++) {
    const t0 = performance.now(); const rows = matchRows(out, analysts); const t1 = performance.now(); judgmentStats(rows, analysts); const t2 = performance.now();
    console.log(length, count, 'match', (t1 - t0).toFixed(1), 'jstats', (t2 - t1).toFixed(1));
  }
}

// Each analyst's agreement with the team's consensus (issue #10). Pure.
import { krippendorffAlpha, type MeasurementLevel } from '@/lib/agreement';
import { jaccard } from '@/lib/anchoring/spans';
import { MATCH_THRESHOLD } from '@/lib/compare/rows';
import { TOLERANCES } from '@/lib/compare/judgments';
import type { AnalystRef, CompareAnnotation } from '@/lib/compare/types';
import type { AnalystConsensusAgreement, ConsensusAgreement, FieldAgreement } from './schemas';

export const CONSENSUS_RULE =
  'For each consensus on the document, an analyst’s annotation is the one of theirs it settles, or else theirs sharing the most characters with it (Jaccard ≥ 0.5). Same kind: the share of consensus rows where it has the consensus’s kind. Per field: of the rows where both gave the field, the share within tolerance, and Krippendorff’s α between the analyst and the consensus (credibility ordinal, status nominal, probability interval). Probabilities hidden from you are left out.';

export type ConsensusItem = CompareAnnotation & { settles: string[] };

const FIELDS = [
  ['credibility', 'CLAIM', 'ordinal'],
  ['factStatus', 'FACT', 'nominal'],
  ['probability', 'FORECAST', 'interval'],
] as const;

function value(a: CompareAnnotation, field: (typeof FIELDS)[number][0]): number | string | null {
  const f = a.fields;
  if (field === 'credibility') return a.kind === 'CLAIM' ? (f?.credibility ?? null) : null;
  if (field === 'factStatus') return a.kind === 'FACT' ? (f?.status ?? null) : null;
  return a.kind === 'FORECAST' && !f?.hidden ? (f?.probability ?? null) : null;
}

function within(field: (typeof FIELDS)[number][0], x: number | string, y: number | string): boolean {
  if (field === 'credibility') return Math.abs((x as number) - (y as number)) <= TOLERANCES.credibilitySteps;
  if (field === 'probability') return Math.round(Math.abs((x as number) - (y as number)) * 1000) / 10 <= TOLERANCES.probabilityPoints;
  return x === y;
}

export function consensusAgreement(consensus: ConsensusItem[], annotations: readonly CompareAnnotation[], analysts: AnalystRef[]): ConsensusAgreement {
  const out: AnalystConsensusAgreement[] = analysts.map((analyst) => {
    const own = annotations.filter((a) => a.authorId === analyst.id);
    const pairs: [ConsensusItem, CompareAnnotation | null][] = consensus.map((c) => {
      const settled = own.find((a) => c.settles.includes(a.id));
      if (settled) return [c, settled];
      let best: CompareAnnotation | null = null;
      let bestJ = MATCH_THRESHOLD;
      for (const a of own) {
        const j = jaccard(a, c);
        if (j >= bestJ) [best, bestJ] = [a, j];
      }
      return [c, best];
    });
    const matched = pairs.filter(([, a]) => a !== null) as [ConsensusItem, CompareAnnotation][];
    const fields = Object.fromEntries(
      FIELDS.map(([field, , level]) => {
        const both = matched.map(([c, a]) => [value(c, field), value(a, field)] as const).filter(([x, y]) => x !== null && y !== null) as [number | string, number | string][];
        return [field, fieldAgreement(field, both, level)];
      }),
    ) as AnalystConsensusAgreement['fields'];
    return { analyst, rows: consensus.length, matched: matched.length, sameKind: matched.filter(([c, a]) => c.kind === a.kind).length, fields };
  });
  return { rule: CONSENSUS_RULE, analysts: out };
}

function fieldAgreement(field: (typeof FIELDS)[number][0], both: [number | string, number | string][], level: MeasurementLevel): FieldAgreement {
  if (both.length === 0) return { compared: 0, within: 0, alpha: null, reason: 'no row where both gave this field' };
  const alpha = krippendorffAlpha([both.map(([x]) => x), both.map(([, y]) => y)], level);
  return {
    compared: both.length,
    within: both.filter(([x, y]) => within(field, x, y)).length,
    alpha: Number.isFinite(alpha) ? alpha : null,
    reason: Number.isFinite(alpha) ? null : 'no variation: one value used throughout',
  };
}

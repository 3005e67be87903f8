// The consensus a team lead records on a compare row (issue #10): shapes shared by the service,
// the API and the pages. Framework-free.
import { z } from 'zod';
import { editedNote, KINDS, kindFields, misplacedKindFields, type Kind } from '@/lib/annotations/schemas';

const settles = z.array(z.uuid('settles lists annotation ids'), 'settles lists annotation ids').min(1, 'Name the annotations it settles').max(200);

export const createConsensusSchema = z
  .strictObject({
    start: z.number('start is a code-point offset').int().min(0),
    end: z.number('end is a code-point offset').int().min(1),
    exact: z.string('exact is the quoted text').min(1, 'The quoted text is empty').max(20_000),
    kind: z.enum(KINDS, 'Kind is CLAIM, FORECAST or FACT'),
    ...kindFields,
    settles,
  })
  .superRefine((input, ctx) => {
    if (input.end <= input.start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'end must be after start' });
    for (const issue of misplacedKindFields(input.kind, input)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

/** PATCH: a given group replaces that group whole; `sources` and `settles` replace their lists; a blank note clears it (editedNote). */
export const updateConsensusSchema = z.strictObject({
  kind: z.enum(KINDS, 'Kind is CLAIM, FORECAST or FACT').optional(),
  ...kindFields,
  note: editedNote,
  settles: settles.optional(),
});

/** One analyst's agreement with the consensus over the rows it settles. */
export type FieldAgreement = {
  /** Consensus rows where both the analyst and the consensus gave this field. */
  compared: number;
  /** Of those, within the tolerance (lib/compare/judgments). */
  within: number;
  /** Krippendorff's α between the analyst and the consensus on the field, or null with a reason. */
  alpha: number | null;
  reason: string | null;
};

export type AnalystConsensusAgreement = {
  analyst: { id: string; name: string };
  /** Consensus rows on the document, and those where the analyst has a matching highlight. */
  rows: number;
  matched: number;
  sameKind: number;
  fields: { credibility: FieldAgreement; factStatus: FieldAgreement; probability: FieldAgreement };
};

export type ConsensusAgreement = { rule: string; analysts: AnalystConsensusAgreement[] };

export type ConsensusKind = Kind;

// Importing W3C Web Annotations: Assay's own export comes back losslessly (ids, passages, kinds,
// kind fields, note, sources and evidence links, the team's consensus and what it settles — an
// admin's to import —, authors by email, replies); foreign annotations are placed by their
// quote. Every item ends in exactly one of three lists — to create, already there, cannot place —
// so nothing is dropped silently. It reaches only what its importer could by hand: documents open
// to them, annotations they can see (lib/visibility); the rest cannot be placed. A dry run plans
// and stops; the real run plans again inside the transaction that writes, so what it reports is
// what it wrote.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { prisma } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { type Actor, requireWriter } from '@/lib/actor';
import { CodePointIndex } from '@/lib/anchoring/codepoints';
import { describeRange, targetMatches } from '@/lib/anchoring/selectors';
import { reanchor } from '@/lib/anchoring/reanchor';
import { updateAnnotationSchema } from '@/lib/annotations/schemas';
import { annotationEvent, kindColumns, replyEvent, replyWithAuthor, sourceRows, withRelations } from '@/lib/annotations/records';
import { appendFromAnnotation, joinQuestion } from '@/lib/forecasts/ledger';
import { canRecordConsensus, hiddenDocuments, mayFileUnder, openDocuments, seesAnnotation } from '@/lib/visibility';
import { ANNOTATION_IRI, definedFields, type Parsed, type ParsedAnnotation, type ParsedReply, parseImport } from './parse';
import type { ImportReport } from './types';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** How an import's body is read (lib/http readJson): up to 20 MiB, with the import's own words. */
export const IMPORT_BODY = {
  maxBytes: MAX_IMPORT_BYTES,
  messages: {
    tooLarge: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB; split it and import the parts`,
    empty: 'Send a W3C Web Annotation JSON-LD file',
    notJson: 'The file is not valid JSON',
  },
};

type Client = Prisma.TransactionClient;
type Plan = {
  report: ImportReport;
  annotations: Prisma.AnnotationCreateManyInput[];
  sources: Prisma.SourceCreateManyInput[];
  replies: Prisma.ReplyCreateManyInput[];
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const documentSlug = (source: string) => {
  try {
    return /\/documents\/([^/?#]+)\/?$/.exec(new URL(source).pathname)?.[1] ?? null;
  } catch {
    return source; // not an IRI: a slug
  }
};

async function plan(client: Client, importer: Actor, items: Parsed[], dryRun: boolean): Promise<Plan> {
  const report: ImportReport = { dryRun, counts: { create: 0, matches: 0, unplaced: 0 }, create: [], matches: [], unplaced: [] };
  const out: Plan = { report, annotations: [], sources: [], replies: [] };
  const now = new Date();

  const emails = [...new Set(items.map((i) => i.email).filter((e): e is string => !!e))];
  const users = await client.user.findMany({ where: { email: { in: emails, mode: 'insensitive' } }, select: { id: true, email: true } });
  const userByEmail = new Map(users.map((u) => [u.email.toLowerCase(), u]));
  // Only an admin may file annotations under other analysts' names; anyone else imports as themselves.
  const authorOf = (item: Parsed) => {
    const found = item.email ? userByEmail.get(item.email) : undefined;
    const user = found && mayFileUnder(importer, found) ? found : undefined;
    return user ? { id: user.id, email: user.email, authorFrom: 'creator' as const } : { id: importer.id, email: importer.email, authorFrom: 'importer' as const };
  };

  // Only documents the importer could annotate by hand: an archived one is closed to all but admins.
  const documents = await client.document.findMany({ where: openDocuments(importer), select: { id: true, slug: true, text: true, textHash: true } });
  const docBySlug = new Map(documents.map((d) => [d.slug, { ...d, index: new CodePointIndex(d.text) }]));

  const annotationItems = items.filter((i): i is ParsedAnnotation => i.type === 'annotation');
  const replyItems = items.filter((i): i is ParsedReply => i.type === 'reply');
  const fileIds = [...annotationItems, ...replyItems].map((i) => i.assayId).filter((id): id is string => !!id);
  const [takenAnnotations, takenReplies] = await Promise.all([
    client.annotation.findMany({ where: { id: { in: fileIds } }, select: { id: true, deletedAt: true } }),
    client.reply.findMany({ where: { id: { in: fileIds } }, select: { id: true, deletedAt: true } }),
  ]);
  const taken = new Map([...takenAnnotations, ...takenReplies].map((r) => [r.id, r.deletedAt === null]));
  const freshId = (wanted?: string) => {
    if (wanted && !taken.has(wanted)) {
      taken.set(wanted, true);
      return wanted;
    }
    return randomUUID();
  };

  // Existing annotations that could be the same as an imported one: same documents and authors.
  const placedDocIds = [...docBySlug.values()].map((d) => d.id);
  const authorIds = [...new Set([importer.id, ...users.filter((u) => mayFileUnder(importer, u)).map((u) => u.id)])];
  const existing = await client.annotation.findMany({
    where: { deletedAt: null, documentId: { in: placedDocIds }, authorId: { in: authorIds } },
    select: { id: true, documentId: true, authorId: true, kind: true, start: true, end: true, exact: true, consensus: true },
  });
  const contentKey = (a: { documentId: string; authorId: string; kind: string; start: number; end: number; exact: string; consensus: boolean }) =>
    JSON.stringify([a.documentId, a.authorId, a.kind, a.start, a.end, a.exact, a.consensus]);
  const byContent = new Map(existing.map((a) => [contentKey(a), a.id]));
  /**
   * Annotations and replies created from this file → the Assay id their item carried. Two items of
   * one file alike in content stay two when the file tells them apart by their Assay ids (an analyst
   * may tag one passage twice, or say the same thing twice); without ids, or with the same one, the
   * later is the same again.
   */
  const madeFromFile = new Map<string, string | undefined>();
  const keptApart = (same: string, item: Parsed) => madeFromFile.has(same) && item.assayId !== undefined && madeFromFile.get(same) !== item.assayId;
  /** File id (raw IRI and Assay uuid) → the Assay annotation it became or matched. */
  const placed = new Map<string, string>();
  const remember = (item: Parsed, id: string) => {
    if (item.rawId) placed.set(item.rawId, id);
    if (item.assayId) placed.set(item.assayId, id);
  };
  const unplaced = (item: Parsed, reason: string) => report.unplaced.push({ index: item.index, reason });
  /** The id an annotation named in the file (an IRI or a uuid) has here: placed from the file, or as named. */
  const resolve = (named: string) => placed.get(named) ?? ANNOTATION_IRI.exec(named)?.[1]?.toLowerCase() ?? named.toLowerCase();
  /**
   * Of `ids`, the live annotations the importer may see (lib/visibility: on a document open to them,
   * blind mode), with their document and whether each is a consensus. What the file matches by id,
   * replies to or settles must be one of these: an import reaches no further than the reader does.
   */
  const visibleAnnotations = async (ids: string[]) => {
    const rows = await client.annotation.findMany({
      where: { id: { in: ids.filter((id) => UUID.test(id)) }, deletedAt: null, document: openDocuments(importer) },
      select: { id: true, authorId: true, documentId: true, consensus: true, document: { select: { id: true, blind: true } } },
    });
    const hidden = await hiddenDocuments(importer, rows.map((r) => r.document));
    return new Map(rows.filter((r) => seesAnnotation(importer, r, !hidden.has(r.document.id))).map((r) => [r.id, r]));
  };
  /** Evidence links to resolve once every annotation of the file is placed: the source row and the IRI in the file. */
  const links: { row: Prisma.SourceCreateManyInput; iri: string }[] = [];

  // The team's consensus comes after the analysts' annotations, since it names those it settles.
  const ordered = [...annotationItems.filter((i) => !i.consensus), ...annotationItems.filter((i) => i.consensus)];
  for (const item of ordered) {
    if (item.unplaceable) {
      unplaced(item, item.unplaceable);
      continue;
    }
    if (item.consensus && !canRecordConsensus(importer)) {
      unplaced(item, 'It is the team’s consensus, which only an admin records: import it as an admin');
      continue;
    }
    if (item.assayId && taken.get(item.assayId)) {
      const live = existing.find((a) => a.id === item.assayId) ?? (await visibleAnnotations([item.assayId])).get(item.assayId);
      if (live) {
        report.matches.push({ index: item.index, type: 'annotation', id: live.id, by: 'id' });
        remember(item, live.id);
        continue;
      }
    }
    const slug = documentSlug(item.source!);
    const doc = slug ? docBySlug.get(slug) : undefined;
    if (!doc) {
      unplaced(item, `Unknown document ${item.source}: not an Assay document IRI or slug`);
      continue;
    }
    let placement: { start: number; end: number; method: 'position' | 'exact' | 'fuzzy' } | null;
    if (item.quote) {
      placement = reanchor(doc.text, { start: item.position?.start ?? 0, end: item.position?.end ?? 0, ...item.quote });
    } else {
      placement = targetMatches(doc.index, { ...item.position!, exact: doc.index.slice(item.position!.start, item.position!.end) })
        ? { ...item.position!, method: 'position' }
        : null;
    }
    if (!placement) {
      unplaced(item, item.quote ? `The quote "${item.quote.exact.slice(0, 80)}" is not in ${doc.slug}` : `The position is outside ${doc.slug}`);
      continue;
    }
    // A consensus settles analysts' annotations on its document, from this file or already here.
    let settles: string[] = [];
    if (item.consensus) {
      settles = [...new Set(item.consensus.settles.map(resolve))];
      const fromFile = new Map(out.annotations.map((a) => [a.id!, a]));
      const here = await visibleAnnotations(settles.filter((id) => !fromFile.has(id)));
      const bad = item.consensus.settles.find((named) => {
        const target = fromFile.get(resolve(named)) ?? here.get(resolve(named));
        return !target || target.documentId !== doc.id || target.consensus;
      });
      if (bad !== undefined) {
        unplaced(item, `It settles ${bad}, which is neither placed from this file nor an analyst annotation on ${doc.slug} that you can see`);
        continue;
      }
    }
    const author = authorOf(item);
    const fields = updateAnnotationSchema.parse(definedFields(item.fields));
    const kind = fields.kind!;
    const selector = describeRange(doc.index, placement.start, placement.end);
    const key = contentKey({ documentId: doc.id, authorId: author.id, kind, ...selector, consensus: !!item.consensus });
    const same = byContent.get(key);
    if (same && !keptApart(same, item)) {
      report.matches.push({ index: item.index, type: 'annotation', id: same, by: 'content' });
      remember(item, same);
      continue;
    }
    const id = freshId(item.assayId);
    byContent.set(key, id);
    madeFromFile.set(id, item.assayId);
    remember(item, id);
    const createdAt = item.created ?? now;
    out.annotations.push({
      id,
      documentId: doc.id,
      authorId: author.id,
      kind,
      ...selector,
      textHash: doc.textHash,
      note: fields.note ?? '',
      ...kindColumns(kind, fields),
      createdAt,
      updatedAt: item.modified && item.modified >= createdAt ? item.modified : createdAt,
      ...(item.consensus ? { consensus: true, settles } : {}),
    });
    sourceRows(fields.sources ?? []).forEach((source, i) => {
      const row = { annotationId: id, ...source };
      out.sources.push(row);
      if (item.links[i]) links.push({ row, iri: item.links[i] });
    });
    report.create.push({
      index: item.index,
      type: 'annotation',
      id,
      document: doc.slug,
      kind,
      author: author.email,
      authorFrom: author.authorFrom,
      start: selector.start,
      end: selector.end,
      exact: selector.exact,
      placedBy: placement.method,
    });
  }

  // Evidence links point at the annotation their target became here (from this file or already in
  // Assay, if the importer may see it); a link to nothing the importer can see keeps its IRI as
  // the source's URL, so it is not lost and reveals nothing.
  const created = new Set(out.annotations.map((a) => a.id!));
  const seen = await visibleAnnotations([...new Set(links.map(({ iri }) => resolve(iri)))].filter((id) => !created.has(id)));
  for (const { row, iri } of links) {
    const target = resolve(iri);
    if (target !== row.annotationId && (created.has(target) || seen.has(target))) row.linkedAnnotationId = target;
    else {
      row.linkedAnnotationId = null;
      row.url ??= iri;
    }
  }

  // Replies whose annotation already exists in Assay (not in the file) need it to be live.
  const outsideParents = replyItems
    .map((r) => (r.parent && !placed.has(r.parent) ? ANNOTATION_IRI.exec(r.parent)?.[1]?.toLowerCase() : undefined))
    .filter((id): id is string => !!id && !placed.has(id));
  for (const id of (await visibleAnnotations(outsideParents)).keys()) placed.set(id, id);
  const annotationIds = [...new Set(placed.values())];
  const existingReplies = await client.reply.findMany({
    where: { annotationId: { in: annotationIds }, deletedAt: null },
    select: { id: true, annotationId: true, authorId: true, body: true },
  });
  const replyKey = (r: { annotationId: string; authorId: string; body: string }) => JSON.stringify([r.annotationId, r.authorId, r.body]);
  const replyByContent = new Map(existingReplies.map((r) => [replyKey(r), r.id]));

  for (const item of replyItems) {
    if (item.assayId && taken.get(item.assayId) && existingReplies.some((r) => r.id === item.assayId)) {
      report.matches.push({ index: item.index, type: 'reply', id: item.assayId, by: 'id' });
      continue;
    }
    const parent = item.parent!;
    const annotationId = placed.get(parent) ?? placed.get(ANNOTATION_IRI.exec(parent)?.[1]?.toLowerCase() ?? '');
    if (!annotationId) {
      unplaced(item, `It replies to ${parent}, which is neither placed from this file nor in Assay`);
      continue;
    }
    const author = authorOf(item);
    const key = replyKey({ annotationId, authorId: author.id, body: item.body });
    const same = replyByContent.get(key);
    if (same && !keptApart(same, item)) {
      report.matches.push({ index: item.index, type: 'reply', id: same, by: 'content' });
      continue;
    }
    const id = freshId(item.assayId);
    replyByContent.set(key, id);
    madeFromFile.set(id, item.assayId);
    const createdAt = item.created ?? now;
    out.replies.push({ id, annotationId, authorId: author.id, body: item.body, createdAt, updatedAt: item.modified && item.modified >= createdAt ? item.modified : createdAt });
    report.create.push({ index: item.index, type: 'reply', id, annotationId, author: author.email, authorFrom: author.authorFrom });
  }

  for (const list of [report.create, report.matches, report.unplaced]) list.sort((a, b) => a.index - b.index);
  report.counts = { create: report.create.length, matches: report.matches.length, unplaced: report.unplaced.length };
  return out;
}

/** Writes the plan: rows in bulk, then a CREATED history event for each (which also announces it live). */
async function write(tx: Client, importer: Actor, { annotations, sources, replies }: Plan) {
  // Forecasts join (or open) their question as created ones do; the probability becomes an entry.
  for (const a of annotations) {
    // A consensus forecast is the team's answer, not an analyst's entry: it joins no question.
    if (a.kind !== 'FORECAST' || a.consensus) continue;
    a.questionId = await joinQuestion(tx, importer, {
      documentId: a.documentId,
      start: a.start,
      end: a.end,
      exact: a.exact,
      statement: a.statement ?? null,
      resolveBy: (a.resolveBy as Date | null) ?? null,
      criteria: a.criteria ?? null,
    });
  }
  if (annotations.length) {
    await tx.annotation.createMany({ data: annotations });
    await tx.source.createMany({ data: sources });
    const rows = await tx.annotation.findMany({
      where: { id: { in: annotations.map((a) => a.id!) } },
      include: withRelations,
    });
    await tx.annotationEvent.createMany({ data: rows.map((row) => annotationEvent(importer, 'CREATED', row)) });
    for (const row of rows) {
      if (row.questionId && row.probability !== null) {
        await appendFromAnnotation(tx, row.authorId, row.questionId, { probability: row.probability, confidence: row.confidence });
      }
    }
  }
  if (replies.length) {
    await tx.reply.createMany({ data: replies });
    const rows = await tx.reply.findMany({ where: { id: { in: replies.map((r) => r.id!) } }, include: replyWithAuthor });
    await tx.annotationEvent.createMany({ data: rows.map((r) => replyEvent(importer, 'CREATED', r)) });
  }
}

/**
 * Imports a W3C Web Annotation file. For an admin, authors are matched by `creator.email` to
 * existing accounts; everything else (and everything an analyst imports) becomes the importer's. The importer is the actor of every CREATED event.
 */
export async function importAnnotations(actor: Actor | null, body: unknown, options: { dryRun?: boolean } = {}): Promise<ImportReport> {
  const importer = requireWriter(actor);
  const items = parseImport(body);
  if (options.dryRun) return (await plan(prisma, importer, items, true)).report;
  return prisma.$transaction(
    async (tx) => {
      const planned = await plan(tx, importer, items, false);
      await write(tx, importer, planned);
      return planned.report;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

// Evidence links (issue #10): a source of an annotation can be another annotation. Writing one
// checks the writer may see the target; reading fills in the linked passage and "cited by" as this
// reader may see them (lib/visibility), so a link never reveals a passage hidden from its reader.
import 'server-only';
import { prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { AppError } from '@/lib/errors';
import { hiddenDocuments, seesAnnotation, seesDocument, visibleTo } from '@/lib/visibility';
import type { AnnotationView, LinkedPassage, PassageHit } from './schemas';

const NOT_VISIBLE = 'No passage with this id that you can see';

/** Whether `reader` may see a passage: its document not archived (or the reader an admin), and the annotation visible there. */
function seesPassage(reader: Actor, a: { authorId: string; document: { id: string; archivedAt: Date | null } }, hidden: Set<string>): boolean {
  return seesDocument(reader, { archived: a.document.archivedAt !== null }) && seesAnnotation(reader, a, !hidden.has(a.document.id));
}

/** 400 naming `sources.N.annotation` when a linked passage is missing, deleted, hidden from the writer, or the annotation itself. */
export async function checkLinks(writer: Actor, sources: { annotation?: string }[] | undefined, selfId?: string): Promise<void> {
  const linked = (sources ?? []).map((s, i) => [i, s.annotation] as const).filter((x): x is readonly [number, string] => !!x[1]);
  if (linked.length === 0) return;
  const rows = await prisma.annotation.findMany({
    where: { id: { in: linked.map(([, id]) => id) }, deletedAt: null },
    select: { id: true, authorId: true, document: { select: { id: true, blind: true, archivedAt: true } } },
  });
  const hidden = await hiddenDocuments(writer, rows.map((r) => r.document));
  const visible = new Set(rows.filter((r) => seesPassage(writer, r, hidden)).map((r) => r.id));
  const fields: Record<string, string> = {};
  for (const [i, id] of linked) {
    if (id === selfId) fields[`sources.${i}.annotation`] = 'An annotation cannot cite itself';
    else if (!visible.has(id)) fields[`sources.${i}.annotation`] = NOT_VISIBLE;
  }
  const first = Object.keys(fields)[0];
  if (first) throw new AppError('INVALID', `${first}: ${fields[first]}`, { fields });
}

/** The views with each linked source's passage and each annotation's "cited by", as `reader` may see them. */
export async function withLinks(reader: Actor, views: AnnotationView[], options: { cited?: string[] } = {}): Promise<AnnotationView[]> {
  if (views.length === 0) return views;
  // The caller may already know which of the views are cited at all (`cited`): only those are looked up.
  const citedIds = options.cited ?? views.map((v) => v.id);
  const targetIds = [...new Set(views.flatMap((v) => v.sources.flatMap((s) => (s.annotation ? [s.annotation] : []))))];
  const [targets, citing] = await Promise.all([
    targetIds.length === 0
      ? []
      : prisma.annotation.findMany({
          where: { id: { in: targetIds } },
          select: { id: true, kind: true, exact: true, authorId: true, deletedAt: true, author: { select: { name: true } }, document: { select: { id: true, slug: true, title: true, blind: true, archivedAt: true } } },
        }),
    citedIds.length === 0
      ? []
      : prisma.source.findMany({
      where: { linkedAnnotationId: { in: citedIds }, annotation: { deletedAt: null } },
      select: {
        linkedAnnotationId: true,
        annotation: { select: { id: true, kind: true, authorId: true, author: { select: { name: true } }, document: { select: { id: true, slug: true, title: true, blind: true, archivedAt: true } } } },
      },
    }),
  ]);
  const hidden = await hiddenDocuments(reader, [...targets.map((t) => t.document), ...citing.map((c) => c.annotation.document)]);
  const passages = new Map<string, LinkedPassage>();
  for (const t of targets) {
    if (!seesPassage(reader, t, hidden)) passages.set(t.id, { id: t.id, state: 'hidden' });
    else if (t.deletedAt) passages.set(t.id, { id: t.id, state: 'removed', exact: t.exact });
    else passages.set(t.id, { id: t.id, state: 'shown', kind: t.kind, exact: t.exact, author: t.author.name, document: { slug: t.document.slug, title: t.document.title } });
  }
  const citedBy = new Map<string, NonNullable<AnnotationView['citedBy']>>();
  for (const c of citing) {
    const a = c.annotation;
    if (!seesPassage(reader, a, hidden)) continue;
    let list = citedBy.get(c.linkedAnnotationId!);
    if (!list) citedBy.set(c.linkedAnnotationId!, (list = []));
    if (!list.some((x) => x.id === a.id)) list.push({ id: a.id, kind: a.kind, author: a.author.name, document: { slug: a.document.slug, title: a.document.title } });
  }
  return views.map((v) => {
    const cited = citedBy.get(v.id);
    const linkedHere = v.sources.some((s) => s.annotation);
    if (!cited && !linkedHere) return v;
    return {
      ...v,
      sources: v.sources.map((s) => (s.annotation ? { ...s, linked: passages.get(s.annotation) ?? { id: s.annotation, state: 'hidden' } } : s)),
      ...(cited ? { citedBy: cited } : {}),
    };
  });
}

/** Passages to cite, found by their text, among those `reader` may see (the source picker); archived documents are left out, as search leaves them. */
export async function searchPassages(reader: Actor, q: string | null): Promise<PassageHit[]> {
  const text = (q ?? '').trim();
  if (text.length < 2) throw new AppError('INVALID', 'Search for at least two characters', { fields: { q: 'At least two characters' } });
  if (text.length > 200) throw new AppError('INVALID', 'Search for at most 200 characters', { fields: { q: 'At most 200 characters' } });
  const rows = await prisma.annotation.findMany({
    where: { deletedAt: null, exact: { contains: text, mode: 'insensitive' }, document: { archivedAt: null }, ...visibleTo(reader) },
    select: { id: true, kind: true, exact: true, author: { select: { name: true } }, document: { select: { slug: true, title: true } } },
    orderBy: { createdAt: 'desc' },
    take: 20,
  });
  return rows.map((r) => ({ id: r.id, kind: r.kind, exact: r.exact, author: r.author.name, document: r.document }));
}

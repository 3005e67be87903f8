// Assay annotations as W3C Web Annotations (JSON-LD). The Web Annotation vocabulary carries the
// passage, author, times, note and sources; an Assay context names what it has no terms for
// (kind, probability, confidence, credibility, verification status, source relation/reliability).
import type { AnnotationView } from '@/lib/annotations/schemas';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
export const ASSAY_NS = 'https://assay.dev/ns#';
export const MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';

/** Inline JSON-LD context for Assay's own terms. */
export const ASSAY_CONTEXT = {
  assay: ASSAY_NS,
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  kind: 'assay:kind',
  attributedTo: 'assay:attributedTo',
  credibility: { '@id': 'assay:credibility', '@type': 'xsd:integer' },
  verificationStatus: 'assay:verificationStatus',
  statement: 'assay:statement',
  probability: { '@id': 'assay:probability', '@type': 'xsd:decimal' },
  confidence: 'assay:confidence',
  resolveBy: { '@id': 'assay:resolveBy', '@type': 'xsd:date' },
  criteria: 'assay:criteria',
  relation: 'assay:relation',
  reliability: 'assay:reliability',
  excerpt: 'assay:excerpt',
  publisher: 'assay:publisher',
  textHash: 'assay:textHash',
  revision: { '@id': 'assay:revision', '@type': 'xsd:integer' },
  version: { '@id': 'assay:version', '@type': 'xsd:integer' },
  orphan: { '@id': 'assay:orphan', '@type': 'xsd:boolean' },
  consensus: { '@id': 'assay:consensus', '@type': 'xsd:boolean' },
  settles: { '@id': 'assay:settles', '@type': '@id' },
} as const;

export const CONTEXT = [ANNO_CONTEXT, ASSAY_CONTEXT];

/** A live reply in an annotation's thread, as exports see it. */
export type ExportReply = {
  id: string;
  author: { id: string; name: string; email: string };
  body: string;
  version: number;
  createdAt: string;
  updatedAt: string;
};

/** The document revision whose text an annotation's selectors refer to: its number and when it was made. */
export type ExportRevision = { number: number; at: string };

/** An annotation as exports see it: with its document, its author's email, its text revision and its thread. */
export type ExportRow = AnnotationView & {
  document: { slug: string; title: string };
  author: { id: string; name: string; email: string };
  textHash: string;
  /** Null only for a text no kept revision has (not written by Assay itself). */
  revision: ExportRevision | null;
  replies: ExportReply[];
};

export const annotationIri = (base: string, id: string) => `${base}/api/annotations/${id}`;
export const replyIri = (base: string, id: string) => `${base}/api/replies/${id}`;
export const documentIri = (base: string, slug: string) => `${base}/documents/${slug}`;
const personIri = (base: string, id: string) => `${base}/api/users/${id}`;
// The model's `email` is foaf:mbox, an IRI: the mailto: form.
const mailto = (email: string) => `mailto:${email}`;

// A loop rather than entries/filter/fromEntries: exports call it several times for each of 100,000s of rows.
function drop<T extends Record<string, unknown>>(o: T): Partial<T> {
  const kept: Partial<T> = {};
  for (const key in o) {
    const value = o[key];
    if (value !== null && value !== undefined && value !== '') kept[key] = value;
  }
  return kept;
}

/** One annotation; `base` is the app's origin, which makes ids and targets dereferenceable. */
export function toW3C(a: ExportRow, base: string, options: { context?: boolean } = {}) {
  const classification = drop({
    type: 'SpecificResource',
    purpose: 'classifying',
    source: `${ASSAY_NS}${a.kind.toLowerCase()}`,
    kind: a.kind,
    attributedTo: a.claim?.attributedTo,
    credibility: a.claim?.credibility,
    verificationStatus: a.fact?.status,
    statement: a.forecast?.statement,
    probability: a.forecast?.probability,
    confidence: a.forecast?.confidence,
    resolveBy: a.forecast?.resolveBy,
    criteria: a.forecast?.criteria,
  });
  const sources = a.sources.map((s) =>
    drop({
      type: 'SpecificResource',
      purpose: 'linking',
      // An evidence link's source is the linked annotation; one known only by its title or excerpt
      // still needs an IRI to be a resource.
      source: s.annotation ? annotationIri(base, s.annotation) : (s.url ?? `urn:uuid:${s.id}`),
      ...(s.annotation && s.url ? { url: s.url } : {}),
      title: s.title,
      publisher: s.publisher,
      excerpt: s.excerpt,
      relation: s.relation,
      reliability: s.reliability,
    }),
  );
  const note = a.note ? [{ type: 'TextualBody', purpose: 'commenting', value: a.note, format: 'text/plain' }] : [];
  return {
    ...(options.context === false ? {} : { '@context': CONTEXT }),
    id: annotationIri(base, a.id),
    type: 'Annotation',
    motivation: 'classifying',
    creator: drop({ id: personIri(base, a.author.id), type: 'Person', name: a.author.name, email: mailto(a.author.email) }),
    created: a.createdAt,
    modified: a.updatedAt,
    version: a.version,
    ...(a.orphan ? { orphan: true } : {}),
    ...(a.consensus ? { consensus: true, settles: a.consensus.settles.map((id) => annotationIri(base, id)) } : {}),
    body: [classification, ...note, ...sources],
    target: {
      source: documentIri(base, a.document.slug),
      textHash: a.textHash,
      // Which revision of the document the selectors refer to: its number, and the model's own way
      // of saying it, a TimeState whose sourceDate is when that revision was made and whose cached
      // copy is that revision's text (GET /api/documents/:slug?revision=N).
      ...(a.revision
        ? {
            revision: a.revision.number,
            state: { type: 'TimeState', sourceDate: a.revision.at, cached: `${base}/api/documents/${encodeURIComponent(a.document.slug)}?revision=${a.revision.number}` },
          }
        : {}),
      selector: [
        drop({ type: 'TextQuoteSelector', exact: a.target.exact, prefix: a.target.prefix, suffix: a.target.suffix }),
        { type: 'TextPositionSelector', start: a.target.start, end: a.target.end },
      ],
    },
  };
}

/** A reply: an annotation of its own, motivated by "replying", whose target is the annotation replied to. */
export function replyToW3C(r: ExportReply, annotationId: string, base: string, options: { context?: boolean } = {}) {
  return {
    ...(options.context === false ? {} : { '@context': CONTEXT }),
    id: replyIri(base, r.id),
    type: 'Annotation',
    motivation: 'replying',
    creator: drop({ id: personIri(base, r.author.id), type: 'Person', name: r.author.name, email: mailto(r.author.email) }),
    created: r.createdAt,
    modified: r.updatedAt,
    version: r.version,
    body: { type: 'TextualBody', value: r.body, format: 'text/plain' },
    target: annotationIri(base, annotationId),
  };
}

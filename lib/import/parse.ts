// Reading a W3C Web Annotation file (an Assay export or another tool's) into items to place: each
// annotation with its selectors, kind and fields, each reply with the annotation it answers. Pure:
// nothing here reads the database; lib/import/service.ts plans and writes.
import { AppError, type FieldErrors } from '@/lib/errors';
import { type Kind, KINDS, updateAnnotationSchema } from '@/lib/annotations/schemas';
import { REPLY_MAX } from '@/lib/threads/schemas';
import { ASSAY_NS } from '@/lib/export/w3c';
import { isWebUrl } from '@/lib/security/urls';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const typesOf = (v: Json) => asArray(v.type).filter((t): t is string => typeof t === 'string');
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const ANNOTATION_IRI = new RegExp(`/api/annotations/(${UUID})$`, 'i');
const REPLY_IRI = new RegExp(`/api/replies/(${UUID})$`, 'i');

/** The items of whichever shape was sent: a collection with its first page embedded, a page, an array, one annotation. */
function itemsOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (isObject(body)) {
    const types = typesOf(body);
    if (types.includes('AnnotationCollection')) {
      if (body.total === 0 && body.first === undefined) return [];
      if (!isObject(body.first)) {
        throw new AppError('INVALID', 'The collection must embed its first page', { fields: { first: 'Embed the page with its items; linked pages are not fetched' } });
      }
      if (!Array.isArray(body.first.items)) throw new AppError('INVALID', 'The first page has no items', { fields: { 'first.items': 'Required: an array of annotations' } });
      return body.first.items;
    }
    if (types.includes('AnnotationPage')) {
      if (!Array.isArray(body.items)) throw new AppError('INVALID', 'The page has no items', { fields: { items: 'Required: an array of annotations' } });
      return body.items;
    }
    if (types.includes('Annotation')) return [body];
  }
  throw new AppError('INVALID', 'Expected an AnnotationCollection, an AnnotationPage, an array of annotations or one Annotation', {
    fields: { '(body)': 'Not W3C Web Annotation JSON-LD' },
  });
}

type Common = { index: number; rawId?: string; email?: string; created?: Date; modified?: Date };
export type ParsedAnnotation = Common & {
  type: 'annotation';
  assayId?: string;
  source?: string;
  /** Why the item, though well formed, cannot become an Assay annotation. */
  unplaceable?: string;
  quote?: { exact: string; prefix: string; suffix: string };
  position?: { start: number; end: number };
  fields: KindFields;
  /** The team's consensus (assay:consensus), with the annotations it settles as they are named in the file. */
  consensus?: { settles: string[] };
  /** Per source: the IRI of the annotation it links to as the file names it (an evidence link), if any. */
  links: (string | undefined)[];
};
export type ParsedReply = Common & { type: 'reply'; assayId?: string; parent?: string; body: string };
export type Parsed = ParsedAnnotation | ParsedReply;
type KindFields = { kind?: Kind; note?: string; claim?: Json; fact?: Json; forecast?: Json; sources: Json[] };

function date(item: Json, key: 'created' | 'modified', at: string, errors: FieldErrors): Date | undefined {
  if (item[key] === undefined) return undefined;
  const value = str(item[key]);
  if (value === undefined || Number.isNaN(Date.parse(value))) {
    errors[`${at}.${key}`] = 'Not a date-time (xsd:dateTime)';
    return undefined;
  }
  return new Date(value);
}

function creatorEmail(item: Json): string | undefined {
  const creator = asArray(item.creator)[0];
  const email = isObject(creator) ? str(creator.email) ?? str(creator.mbox) : undefined;
  return email?.replace(/^mailto:/i, '').toLowerCase();
}

export const definedFields = (fields: KindFields) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
const kindFromIri = (iri: string | undefined) => KINDS.find((k) => iri === `${ASSAY_NS}${k.toLowerCase()}`);
const kindFromTag = (tag: string | undefined) => KINDS.find((k) => tag?.trim().toUpperCase() === k);

function parseAnnotation(item: Json, common: Common, at: string, errors: FieldErrors): ParsedAnnotation {
  const parsed: ParsedAnnotation = { ...common, type: 'annotation', fields: { sources: [] }, links: [] };
  const rawId = common.rawId;
  parsed.assayId = rawId ? ANNOTATION_IRI.exec(rawId)?.[1]?.toLowerCase() : undefined;

  const target = asArray(item.target)[0];
  if (target === undefined) errors[`${at}.target`] = 'Required';
  else if (typeof target === 'string') parsed.unplaceable = 'It targets a whole resource, not a passage of a document';
  else if (!isObject(target) || typeof target.source !== 'string') errors[`${at}.target.source`] = 'Required: the document IRI or slug';
  else {
    parsed.source = target.source;
    asArray(target.selector).forEach((selector, k) => {
      const sat = `${at}.target.selector.${k}`;
      if (!isObject(selector)) return void (errors[sat] = 'Not a selector object');
      const types = typesOf(selector);
      if (types.includes('TextQuoteSelector')) {
        if (typeof selector.exact !== 'string' || selector.exact === '') errors[`${sat}.exact`] = 'Required: the quoted text';
        else if (['prefix', 'suffix'].some((key) => selector[key] !== undefined && typeof selector[key] !== 'string')) errors[sat] = 'prefix and suffix are text';
        else parsed.quote = { exact: selector.exact, prefix: str(selector.prefix) ?? '', suffix: str(selector.suffix) ?? '' };
      } else if (types.includes('TextPositionSelector')) {
        const { start, end } = selector;
        if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0 || (end as number) <= (start as number)) {
          errors[sat] = 'start and end are code-point offsets, 0 <= start < end';
        } else parsed.position = { start: start as number, end: end as number };
      }
      // Other selectors (XPath, CSS, ranges) describe markup Assay does not have; the text ones suffice.
    });
    if (!parsed.quote && !parsed.position && !parsed.unplaceable) parsed.unplaceable = 'It has neither a TextQuoteSelector nor a TextPositionSelector';
  }

  const notes: string[] = [];
  const fields = parsed.fields;
  const bodies = [...asArray(item.body), ...(typeof item.bodyValue === 'string' ? [{ type: 'TextualBody', value: item.bodyValue }] : [])];
  for (const body of bodies) {
    if (typeof body === 'string') {
      fields.kind ??= kindFromIri(body);
      if (!kindFromIri(body)) {
        fields.sources.push({ url: body, relation: 'CONTEXT' });
        parsed.links.push(undefined);
      }
      continue;
    }
    if (!isObject(body)) continue;
    const purposes = asArray(body.purpose);
    if (purposes.includes('classifying') || kindFromIri(str(body.source))) {
      const kind = (str(body.kind) as Kind | undefined) ?? kindFromIri(str(body.source));
      fields.kind = kind;
      if (kind === 'CLAIM') fields.claim = { attributedTo: body.attributedTo, credibility: body.credibility };
      if (kind === 'FACT') fields.fact = { status: body.verificationStatus };
      if (kind === 'FORECAST') {
        fields.forecast = { statement: body.statement, probability: body.probability, confidence: body.confidence, resolveBy: body.resolveBy, criteria: body.criteria };
      }
    } else if (purposes.includes('linking')) {
      const iri = str(body.source) ?? str(body.id);
      // An evidence link: its source is another annotation (Assay's IRI for it). The service maps
      // it to the annotation it became here, or keeps the IRI as a URL if there is none to see.
      // Only a web address: anything else (`javascript:…/api/annotations/<id>`) is read as a plain URL,
      // which the source's URL rule then refuses, rather than kept as a link's fallback URL unchecked.
      const linked = iri && isWebUrl(iri) ? ANNOTATION_IRI.exec(iri)?.[1]?.toLowerCase() : undefined;
      parsed.links.push(linked ? iri : undefined);
      fields.sources.push({
        // Assay names a source that has no URL by a urn:uuid: IRI of its own.
        url: linked ? str(body.url) : iri?.startsWith('urn:uuid:') ? undefined : iri,
        annotation: linked,
        title: body.title,
        publisher: body.publisher,
        excerpt: body.excerpt,
        relation: body.relation ?? 'CONTEXT',
        reliability: body.reliability,
      });
    } else if (typeof body.value === 'string') {
      const tagKind = purposes.includes('tagging') ? kindFromTag(body.value) : undefined;
      if (tagKind) fields.kind ??= tagKind;
      else notes.push(purposes.includes('tagging') ? `Tag: ${body.value}` : body.value);
    }
  }
  if (notes.length) fields.note = notes.join('\n\n');
  if (item.consensus === true) {
    const settles = asArray(item.settles);
    if (settles.some((s) => typeof s !== 'string')) errors[`${at}.settles`] = 'The IRIs of the annotations the consensus settles';
    else parsed.consensus = { settles: settles as string[] };
  } else if (item.consensus !== undefined && item.consensus !== false) errors[`${at}.consensus`] = 'true or false';
  if (!fields.kind && !parsed.unplaceable) parsed.unplaceable = 'It has no Assay kind: tag it claim, forecast or fact';
  // The same checks as a form or the API: one definition of a valid annotation.
  const groups = updateAnnotationSchema.safeParse(definedFields(fields));
  if (!groups.success) for (const issue of groups.error.issues) errors[`${at}.${issue.path.map(String).join('.')}`] ??= issue.message;
  return parsed;
}

function parseReply(item: Json, common: Common, at: string, errors: FieldErrors): ParsedReply {
  const target = asArray(item.target)[0];
  const parent = typeof target === 'string' ? target : isObject(target) ? str(target.id) ?? str(target.source) : undefined;
  if (!parent) errors[`${at}.target`] = 'Required: the IRI of the annotation replied to';
  const bodies = [...asArray(item.body), ...(typeof item.bodyValue === 'string' ? [{ value: item.bodyValue }] : [])];
  const body = bodies.map((b) => (isObject(b) ? str(b.value) : undefined)).find((v) => v !== undefined)?.trim() ?? '';
  if (body === '') errors[`${at}.body`] = 'A reply needs a TextualBody with a value';
  else if (body.length > REPLY_MAX) errors[`${at}.body`] = `At most ${REPLY_MAX} characters`;
  const assayId = common.rawId ? REPLY_IRI.exec(common.rawId)?.[1]?.toLowerCase() : undefined;
  return { ...common, type: 'reply', assayId, parent, body };
}

/** Every item checked; any malformed one fails the whole file with what is wrong where. */
export function parseImport(body: unknown): Parsed[] {
  const errors: FieldErrors = {};
  const parsed = itemsOf(body).flatMap((item, index): Parsed[] => {
    const at = `items.${index}`;
    if (!isObject(item)) {
      errors[at] = 'Not an annotation object';
      return [];
    }
    if (!typesOf(item).includes('Annotation')) errors[`${at}.type`] = 'Must be "Annotation"';
    if (item.id !== undefined && typeof item.id !== 'string') errors[`${at}.id`] = 'An IRI';
    const common: Common = {
      index,
      rawId: str(item.id),
      email: creatorEmail(item),
      created: date(item, 'created', at, errors),
      modified: date(item, 'modified', at, errors),
    };
    return [asArray(item.motivation).includes('replying') ? parseReply(item, common, at, errors) : parseAnnotation(item, common, at, errors)];
  });
  const wrong = Object.keys(errors);
  if (wrong.length) {
    throw new AppError('INVALID', `The file is not valid: ${wrong.slice(0, 5).join(', ')}${wrong.length > 5 ? ` and ${wrong.length - 5} more` : ''}`, { fields: errors });
  }
  return parsed;
}

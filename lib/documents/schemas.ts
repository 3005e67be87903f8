// Blind mode's shapes, shared by lib/documents/blind (the service), its doors and the reading bar.
// Framework-free, so client components may import it.
import '@/lib/zod-csp';
import { z } from 'zod';
import { calendarDate } from '@/lib/dates';
import type { JSONContent } from '@tiptap/core';

/** The admin's switch: `{ "blind": true }` or `{ "blind": false }`. */
export const blindSchema = z.strictObject({ blind: z.boolean('blind is true or false') });

export type BlindInput = z.input<typeof blindSchema>;

/** Where the acting user stands with a document's blind mode. */
export type ReadingState = {
  /** The document is in blind mode. */
  blind: boolean;
  /** The actor has marked their reading done. */
  done: boolean;
  /** The actor sees everyone's annotations here (not blind, done, or a viewer). */
  revealed: boolean;
};

// ---------------------------------------------------------------------------------------------
// Adding and revising documents (issue #9): the fields every form of input may carry, the two JSON
// bodies, and what the preview, the revision report and the library show.

const blank = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** Optional fields beside any input: they win over what the conversion found. */
export const documentFields = {
  title: z.preprocess(blank, z.string('title is text').trim().max(300, 'At most 300 characters').optional()),
  byline: z.preprocess(blank, z.string('byline is text').trim().max(300, 'At most 300 characters').nullish()),
  publishedAt: z.preprocess(blank, calendarDate('A date, YYYY-MM-DD').nullish()),
  sourceUrl: z.preprocess(blank, z.url({ protocol: /^https?$/, message: 'A web address (http:// or https://)' }).max(2000).nullish()),
};

export const CONTENT_FORMATS = ['text', 'markdown', 'html'] as const;

/** `{ format, content }`: pasted text, Markdown or HTML. */
export const contentInputSchema = z.strictObject({
  format: z.enum(CONTENT_FORMATS, 'format is text, markdown or html'),
  content: z.string('content is text'),
  ...documentFields,
});

/** `{ url }`: a web page (or a PDF, text or Markdown file on the web) the server fetches. */
export const urlInputSchema = z.strictObject({
  url: z.string('url is text').trim().min(1, 'Enter a web address').max(2000, 'At most 2000 characters'),
  ...documentFields,
});

export const documentFieldsSchema = z.strictObject(documentFields);

export type DocumentFields = z.output<typeof documentFieldsSchema>;

/** What a dry run shows before anything is written. */
export type DocumentPreview = {
  title: string;
  byline: string | null;
  publishedAt: string | null;
  format: string;
  text: string;
  content: JSONContent;
  warnings: string[];
  /** The slug of a document that already has this text (saving would be a 409). */
  duplicateOf: string | null;
};

/** A document as the add and revise answers give it. */
export type AddedDocument = {
  id: string;
  slug: string;
  title: string;
  byline: string | null;
  publishedAt: string | null;
  textHash: string;
  revision: number;
};

/** What re-anchoring did (or would do) to the annotations of a revised document. */
export type ReanchorCounts = { unchanged: number; moved: number; fuzzy: number; orphaned: number };

export type RevisionResult = {
  document: AddedDocument;
  revision: number;
  reanchored: ReanchorCounts;
  /** The annotations that cannot be placed in the new text (listed apart in the reader). */
  orphans: { id: string; exact: string }[];
  dryRun: boolean;
  /** With a dry run: the new text as it would be. */
  preview?: DocumentPreview;
};

/** A kept revision, without its text (GET /api/documents/:slug?revision=N gives that). */
export type RevisionInfo = {
  revision: number;
  title: string;
  textHash: string;
  format: string;
  sourceFile: string | null;
  sourceUrl: string | null;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  reanchored: ReanchorCounts | null;
  current: boolean;
};

export const LIBRARY_SORTS = ['title', 'added', 'published', 'annotations'] as const;
export const LIBRARY_PAGE_SIZE = 50;

/** The library's query: `?q=&sort=&order=&addedBy=&page=&archived=1`. */
export const libraryQuerySchema = z.object({
  q: z.preprocess(blank, z.string().trim().max(200, 'At most 200 characters').optional()),
  sort: z.preprocess(blank, z.enum(LIBRARY_SORTS, `sort is ${LIBRARY_SORTS.join(', ')}`).optional()),
  order: z.preprocess(blank, z.enum(['asc', 'desc'], 'order is asc or desc').optional()),
  addedBy: z.preprocess(blank, z.union([z.literal('me'), z.literal('corpus'), z.uuid('addedBy is a user id, me or corpus')]).optional()),
  page: z.preprocess(blank, z.coerce.number('page is a number').int('page is a whole number').min(1, 'page starts at 1').max(100_000).optional()),
  archived: z.preprocess(blank, z.enum(['0', '1', 'true', 'false'], 'archived is 1 or 0').optional()),
});

export type LibraryQuery = z.input<typeof libraryQuerySchema>;

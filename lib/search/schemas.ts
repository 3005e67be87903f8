// Search's shapes (issue #9), shared by the service, the API and the search page. Framework-free.
import '@/lib/zod-csp';
import { z } from 'zod';
import { calendarDate } from '@/lib/dates';

export const SEARCH_TYPES = ['document', 'annotation', 'reply', 'source'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];
/** `kind` is a result type, or an annotation kind (its annotations only). */
export const SEARCH_KINDS = [...SEARCH_TYPES, 'claim', 'forecast', 'fact'] as const;
export const SEARCH_PAGE_SIZE = 20;
export const SEARCH_QUERY_MAX = 1000;

const blank = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

export const searchQuerySchema = z.object({
  q: z.string('Enter words to search for').trim().min(1, 'Enter words to search for').max(SEARCH_QUERY_MAX, `At most ${SEARCH_QUERY_MAX} characters`),
  kind: z.preprocess(blank, z.enum(SEARCH_KINDS, `kind is one of ${SEARCH_KINDS.join(', ')}`).optional()),
  document: z.preprocess(blank, z.string().max(200).optional()),
  analyst: z.preprocess(blank, z.uuid('analyst is a user id').optional()),
  from: z.preprocess(blank, calendarDate('A date, YYYY-MM-DD').optional()),
  to: z.preprocess(blank, calendarDate('A date, YYYY-MM-DD').optional()),
  page: z.preprocess(blank, z.coerce.number('page is a number').int('page is a whole number').min(1, 'page starts at 1').max(500, 'page is at most 500').optional()),
});

export type SearchQuery = { [K in keyof z.input<typeof searchQuerySchema>]?: unknown };

export type SearchResult = {
  type: SearchType;
  document: { slug: string; title: string };
  annotationId?: string;
  /** Where the hit is in the document's text (code points), when it is a passage of it. */
  start?: number;
  end?: number;
  /** Plain text around the hit; `highlights` are the matched words in it, [from, to) in UTF-16 units. */
  snippet: string;
  highlights: [number, number][];
  rank: number;
  /** Where the reader opens on the hit. */
  href: string;
  /** For annotation results: their kind, author, and a forecast's probability when the reader may see it. */
  kind?: 'CLAIM' | 'FORECAST' | 'FACT';
  author?: { id: string; name: string };
  probability?: number | null;
  at: string;
};

export type SearchAnswer = { total: number; page: number; pageSize: number; query: string; results: SearchResult[] };

// Helpers of the reader specs (keyboard, a11y, screens), on top of the shared fixtures: each spec
// makes its own people and data over HTTP, so no spec depends on what another left behind. They run
// in the `reader` project, after the specs that write on shared documents (playwright.config.ts).
import { type APIRequestContext, type Browser, type BrowserContext, type BrowserContextOptions, expect } from '@playwright/test';

import { ADMIN_EMAIL, createAnalyst, signIn } from './fixtures';

export { ADMIN_EMAIL, signIn };
/** The document these specs annotate (the fifth of the corpus, which other specs leave alone). */
export const DOC_TITLE = 'On Defense, Russia’s Patience With Belarus Is Wearing Thin';

export type Person = { id: string; email: string; name: string };

/** A new analyst with a name and an email no other test uses (not signed in). */
export const signUp = (request: APIRequestContext, name: string): Promise<Person> => createAnalyst(request, name);

/** A browser context signed in as a new analyst (or as the e2e admin when `name` is null). */
export async function personContext(browser: Browser, name: string | null, options: BrowserContextOptions = {}) {
  const context = await browser.newContext(options);
  const person = name ? await signUp(context.request, name) : null;
  await signIn(context.request, person?.email ?? ADMIN_EMAIL);
  return { context, person };
}

export type Doc = { slug: string; title: string; text: string };

export async function theDocument(request: APIRequestContext, title = DOC_TITLE): Promise<Doc> {
  const documents: { slug: string; title: string }[] = await (await request.get('/api/documents')).json();
  const found = documents.find((d) => d.title.startsWith(title));
  if (!found) throw new Error(`no document "${title}"`);
  const { text } = await (await request.get(`/api/documents/${found.slug}`)).json();
  return { slug: found.slug, title: found.title, text };
}

/** The target of the first occurrence of `quote` (offsets in code points). */
export function targetOf(doc: Doc, quote: string, occurrence = 0) {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = doc.text.indexOf(quote, at + 1);
  if (at < 0) throw new Error(`"${quote}" is not in ${doc.title}`);
  const start = [...doc.text.slice(0, at)].length;
  return { start, end: start + [...quote].length, exact: quote };
}

export async function annotate(request: APIRequestContext, doc: Doc, kind: 'CLAIM' | 'FORECAST' | 'FACT', quote: string, extra: Record<string, unknown> = {}) {
  const fields =
    kind === 'CLAIM'
      ? { claim: { attributedTo: 'the author', credibility: 2 } }
      : kind === 'FACT'
        ? { fact: { status: 'VERIFIED' } }
        : { questionId: 'new', forecast: { statement: `Will it happen: ${quote.slice(0, 40)}?`, probability: 0.7, confidence: 'MODERATE', resolveBy: '2030-12-31' } };
  const response = await request.post('/api/annotations', { data: { document: doc.slug, kind, target: targetOf(doc, quote), ...fields, ...extra } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: string; version: number; forecast?: { questionId?: string } };
}

export type { BrowserContext };

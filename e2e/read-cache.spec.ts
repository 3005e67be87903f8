// Issue #13: each app instance answers repeated reads of the library and of a document's
// annotations from memory (lib/realtime/reads.ts). An analyst sees her own write at once on the
// instance she wrote through, and the other instance's answer follows as soon as the database's
// notification arrives (milliseconds), without anyone reloading or signing in again.
import { createAnalyst, DOCUMENTS, expect, signIn, target as targetOf, test } from './fixtures';

const SECOND = process.env.E2E_SECOND_URL!;
const cacheOf = (response: { headers(): Record<string, string> }) => /desc="(\w+)"/.exec(response.headers()['server-timing'] ?? '')?.[1];

test('a write shows at once on its own instance and within moments on the other', async ({ playwright, baseURL }) => {
  const first = await playwright.request.newContext({ baseURL });
  const analyst = await createAnalyst(first, 'Cached Cora');
  await signIn(first, analyst.email);
  const second = await playwright.request.newContext({ baseURL: SECOND });
  await signIn(second, analyst.email);

  const documents: { slug: string; title: string }[] = await (await first.get('/api/documents')).json();
  const doc = documents.find((d) => d.title === DOCUMENTS.scripted[0])!;
  const full = await (await first.get(`/api/documents/${doc.slug}`)).json();
  const mine = `/api/documents/${doc.slug}/annotations?author=${analyst.id}`;

  // Asked twice with nothing written between, the second answer comes from memory, and is the same.
  // (Other specs write meanwhile, and any write empties the cache: a hit may take a few tries.)
  const soon = { timeout: 2_000, intervals: [10, 20, 50, 100] };
  for (const api of [first, second]) {
    await expect.poll(async () => cacheOf(await api.get(mine)), { timeout: 15_000, intervals: [0] }).toBe('hit');
    const [a, b] = [await api.get(mine), await api.get(mine)];
    expect(await a.json()).toEqual(await b.json());
  }

  // She writes through the first instance: its very next answers include the claim.
  const sentence = (full.text as string).slice(0, 60);
  const created = await first.post('/api/annotations', {
    data: { document: doc.slug, kind: 'CLAIM', target: targetOf(full.text, sentence), claim: { attributedTo: 'The author', credibility: 2 } },
  });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  const after = await first.get(mine);
  expect(cacheOf(after)).not.toBe('hit');
  expect((await after.json()).map((a: { id: string }) => a.id)).toEqual([id]);
  // The library too was read before the write; it is read afresh, not answered from memory.
  expect(cacheOf(await first.get('/api/documents'))).toBe('miss');

  // The second instance hears of it from the database within moments.
  await expect.poll(async () => (await (await second.get(mine)).json()).map((a: { id: string }) => a.id), soon).toEqual([id]);

  // Removed on the second instance: gone at once there, within moments on the first.
  expect((await second.delete(`/api/annotations/${id}`)).status()).toBe(204);
  expect(await (await second.get(mine)).json()).toEqual([]);
  await expect.poll(async () => (await (await first.get(mine)).json()).length, soon).toBe(0);
});

// Loading the corpus: idempotent, and a revised file re-anchors annotations or marks them orphans.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import { CORPUS_DIR } from '@/lib/corpus/parse';
import { createAnnotation, listAnnotations } from '@/lib/annotations/service';
import { createUser } from '@/lib/users/service';
import { loadCorpus } from './load';
import { target } from '@/test/fixtures';

const FILE = '000_9f5b84a7011fddfe.txt';
const SLUG = 'belarus-and-russia-accelerated-integration';

describe('loadCorpus', () => {
  it('loads the five documents once; loading again changes nothing', async () => {
    const first = await loadCorpus();
    expect(first.created).toHaveLength(5);
    const before = await prisma.document.findMany({ orderBy: { slug: 'asc' } });
    const second = await loadCorpus();
    expect(second).toMatchObject({ created: [], updated: [], unchanged: expect.arrayContaining([SLUG]) });
    expect(await prisma.document.findMany({ orderBy: { slug: 'asc' } })).toEqual(before);
  });

  it('re-anchors annotations when a file is revised, and keeps the unplaceable ones as orphans', async () => {
    const u = await createUser({ email: 'reviser@example.test', name: 'Reviser', password: 'long enough' });
    const actor = { id: u.id, email: u.email, name: u.name, role: u.role };
    const doc = await prisma.document.findUniqueOrThrow({ where: { slug: SLUG } });
    const at = (quote: string) => target(doc.text, quote);
    const moved = await createAnnotation(actor, { document: SLUG, kind: 'CLAIM', target: at('Russia’s most important goal is to subordinate Belarus') });
    const edited = await createAnnotation(actor, { document: SLUG, kind: 'FACT', target: at('an intergovernmental agreement consisting of 31 chapters') });
    const removed = await createAnnotation(actor, { document: SLUG, kind: 'FORECAST', target: at('partial concessions can be expected from Russia') });

    const dir = mkdtempSync(path.join(tmpdir(), 'corpus-'));
    cpSync(CORPUS_DIR, dir, { recursive: true });
    const file = path.join(dir, FILE);
    const revised = readFileSync(file, 'utf8')
      .replace('Integration Programmes', 'Editor’s note: this text was revised.\n\nIntegration Programmes')
      .replace('consisting of 31 chapters', 'consisting of thirty-one chapters')
      .replace(/In this case, however, partial concessions can be expected from Russia[^.]*\./, '');
    writeFileSync(file, revised);

    const report = await loadCorpus(dir);
    expect(report.updated).toEqual([SLUG]);
    expect(report).toMatchObject({ reanchored: 2, orphaned: 1 });

    const newText = (await prisma.document.findUniqueOrThrow({ where: { slug: SLUG } })).text;
    const byId = Object.fromEntries((await listAnnotations(actor, SLUG)).map((a) => [a.id, a]));
    const slice = (a: { target: { start: number; end: number } }) => [...newText].slice(a.target.start, a.target.end).join('');
    expect(byId[moved.id].orphan).toBe(false);
    expect(byId[moved.id].target.start).not.toBe(moved.target.start);
    expect(slice(byId[moved.id])).toBe('Russia’s most important goal is to subordinate Belarus');
    expect(byId[edited.id].orphan).toBe(false);
    expect(slice(byId[edited.id])).toContain('thirty-one chapters');
    expect(byId[removed.id].orphan).toBe(true);
    expect(byId[removed.id].target.exact).toBe('partial concessions can be expected from Russia');
  });
});

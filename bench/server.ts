// The server-side parts of `npm run bench` (issue #13), hooked into bench/run.ts in two places:
// `load` first (the load generator against the floor, then the write path and signed-in reads),
// `board` and `memory` after the rest.
import pg from 'pg';
import type { Stack } from '../scripts/stack';
import type { Doc, Row } from './accounts';
import { loadBench, loadRows } from './load';
import { boardBench, boardRows } from './board';
import { coldExport, memoryRows, startFootprint } from './memory';

export function serverParts(only: Set<string>, stack: Stack, doc: Doc, results: Record<string, unknown>, table: Record<string, Row>) {
  return {
    async before() {
      if (only.has('load')) {
        const client = new pg.Client({ connectionString: stack.databaseUrl });
        await client.connect();
        const { rows } = await client.query<Doc>(`SELECT id, slug, text, "textHash" FROM "Document" ORDER BY length(text) ASC LIMIT 1`);
        await client.end();
        const load = await loadBench(stack.baseUrl, stack.databaseUrl, stack.appPid, doc, rows[0]);
        results.load = load;
        Object.assign(table, loadRows(load));
      }
    },
    async after() {
      if (only.has('board')) {
        const board = await boardBench(stack.baseUrl, stack.databaseUrl);
        results.board = board;
        Object.assign(table, boardRows(board));
      }
      if (only.has('memory')) {
        const start = await startFootprint(stack.databaseUrl);
        const cold = await coldExport(stack.databaseUrl, doc);
        results.memory = { start, coldExport: cold };
        Object.assign(table, memoryRows(start, cold));
      }
    },
  };
}

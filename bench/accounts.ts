// What the bench parts share: accounts (sign-up and sign-in over HTTP, as a script would), the
// export's data set, and a process's resident memory.
import { readFileSync } from 'node:fs';
import type pg from 'pg';

export const PASSWORD = 'bench password';

/** Signs in over HTTP and returns the session cookie (`name=value`). */
export async function sessionCookie(baseUrl: string, email: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = csrf.headers.getSetCookie().map((c) => c.split(';')[0]);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, json: 'true' }),
  });
  const session = response.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('next-auth.session-token='));
  if (!session) throw new Error(`sign-in failed for ${email}: ${response.status}`);
  return session;
}

export async function createAnalysts(baseUrl: string, count: number, prefix: string): Promise<{ id: string; email: string }[]> {
  const analysts: { id: string; email: string }[] = [];
  for (let i = 0; i < count; i++) {
    const email = `${prefix}${i}-${Date.now()}@bench.test`;
    const response = await fetch(`${baseUrl}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, name: `${prefix} ${i}`, password: PASSWORD }),
    });
    if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
    analysts.push({ id: ((await response.json()) as { id: string }).id, email });
  }
  return analysts;
}

export type Doc = { id: string; slug: string; text: string; textHash: string };

/** Sentence-sized targets spread over the text (BMP text: UTF-16 = code points). */
export function targets(doc: Doc, count: number) {
  const codePoints = [...doc.text];
  return Array.from({ length: count }, (_, i) => {
    const start = Math.floor((i * 7919) % Math.max(1, codePoints.length - 80));
    const end = start + 20 + (i % 60);
    return { start, end, exact: codePoints.slice(start, end).join('') };
  }).filter((t) => t.exact.trim() === t.exact && t.exact.length > 0);
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export type Row = { value: string | number; detail: string; target: string };

/** Resident memory of a process in MB (Linux); 0 once it has gone. */
export function rssMb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/**
 * The exports' data set: every annotation removed, then `count` forecasts by `authorId` on `doc`,
 * and statistics taken, as autovacuum would within a minute (without them PostgreSQL plans each
 * export page as a sort of the whole set, which is not what an export normally meets).
 */
export async function seedExportSet(client: pg.Client, doc: Doc, authorId: string, count: number) {
  await client.query(`DELETE FROM "Source"; DELETE FROM "AnnotationEvent"; DELETE FROM "Annotation"`);
  await client.query(
    `INSERT INTO "Annotation" (id, "documentId", "authorId", kind, start, "end", exact, prefix, suffix, "textHash", note, probability, confidence, "updatedAt")
     SELECT gen_random_uuid(), $1, $2, 'FORECAST', i % 1000, i % 1000 + 40, substr($3, i % 1000 + 1, 40), 'prefix text', 'suffix text', $4,
            'a note, with "quotes"', 0.7, 'HIGH', now()
     FROM generate_series(1, $5) AS i`,
    [doc.id, authorId, doc.text, doc.textHash, count],
  );
  await client.query('ANALYZE "Annotation"');
}

// Accounts for the bench parts in their own files (load, board, memory): sign-up and sign-in over
// HTTP, as a script would.
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

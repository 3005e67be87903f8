// Text at the door. PostgreSQL cannot store NUL (U+0000) in text, and jsonb refuses an unpaired
// UTF-16 surrogate; rather than clean either silently (and store something other than what was
// sent), every JSON body, query parameter and path segment carrying one is refused with a 400
// naming the field. Pure: the proxy, the HTTP door and the tests share it.

/** Why `text` cannot be stored, or null when it can. */
export function badText(text: string): string | null {
  if (text.includes('\u0000')) return 'Contains a NUL character (U+0000)';
  if (!text.isWellFormed()) return 'Contains an unpaired UTF-16 surrogate';
  return null;
}

/**
 * How deep a JSON value may nest. No body Assay reads comes near it (a W3C import is a handful of
 * levels); past it, walking the value would overflow the stack (a 500) before anything else ran.
 */
export const MAX_JSON_DEPTH = 100;

/**
 * The first place in a parsed JSON value holding text that cannot be stored: its dotted path
 * (`sources.0.title`, `(body)` for the value itself) and why. Object keys count too. A value nested
 * deeper than MAX_JSON_DEPTH is refused as a whole (`(body)`).
 */
export function findBadText(value: unknown, path: string[] = []): { field: string; reason: string } | null {
  if (path.length > MAX_JSON_DEPTH) return { field: '(body)', reason: `Nested more than ${MAX_JSON_DEPTH} levels deep` };
  const field = () => (path.length ? path.join('.') : '(body)');
  if (typeof value === 'string') {
    const reason = badText(value);
    return reason ? { field: field(), reason } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBadText(value[i], [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const keyReason = badText(key);
      if (keyReason) return { field: [...path, key.replace(/[^\x20-\x7e]/g, '?')].join('.'), reason: `Its name ${keyReason.toLowerCase()}` };
      const found = findBadText(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/**
 * What is wrong with a request URL, if anything: a path segment that is not valid
 * percent-encoded UTF-8 (`%ZZ`, the overlong `%C0%AE`, the surrogate `%ED%A0%80`), or a path segment
 * or query parameter holding text that cannot be stored.
 */
export function badUrl(url: URL): { field: string; reason: string } | null {
  for (const segment of url.pathname.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return { field: '(path)', reason: 'The path is not valid percent-encoded UTF-8' };
    }
    const reason = badText(decoded);
    if (reason) return { field: '(path)', reason };
  }
  for (const [name, value] of url.searchParams) {
    const reason = badText(name) ?? badText(value);
    if (reason) return { field: badText(name) ? '(query)' : name, reason };
  }
  return null;
}

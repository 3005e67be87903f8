// Addresses from users, read as the browser will read them (the WHATWG URL parser, which drops
// tabs and newlines, trims spaces and control characters, and takes `\` for `/`): the one place
// that decides whether a stored URL may be a link and whether a `callbackUrl` stays on this site.
// Pure: client components and services share it.

/** http(s) only: a source's URL, a document's address. Schemes that run code (javascript:, data:, vbscript:) never. */
export function isWebUrl(value: string | null | undefined): boolean {
  if (!value) return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** `value` as a link's `href` when it is a web address, else undefined (shown as text, not a link). */
export const webHref = (value: string | null | undefined): string | undefined => (isWebUrl(value) ? value!.trim() : undefined);

const HERE = 'http://assay.invalid';

/**
 * Where to go after signing in: a path on this site, else `fallback`. A value the browser would read
 * as another site (`https://evil.example`, `//evil.example`, `/\evil.example`, `/<tab>/evil.example`,
 * `/.//evil.example`)
 * or as a script is refused; the path returned is the parsed one, so the browser cannot read it otherwise.
 */
export function localPath(value: string | null | undefined, fallback = '/'): string {
  if (!value?.startsWith('/')) return fallback;
  try {
    const url = new URL(value, HERE);
    // `/.//evil.example` parses here to the path `//evil.example`, which is another site once pushed.
    return url.origin === HERE && !url.pathname.startsWith('//') ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}

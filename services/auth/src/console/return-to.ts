const FALLBACK = '/';

/**
 * Where to send the browser after login: only a same-origin path. Anything that a browser could
 * read as another origin is replaced by `/`: absolute URLs, scheme-relative `//host`, backslash
 * tricks (`/\host`, browsers treat `\` as `/`), control characters, and over-long values.
 */
export function safeReturnTo(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return FALLBACK;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return FALLBACK;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return FALLBACK;
  try {
    const base = new URL('http://console.invalid');
    const resolved = new URL(raw, base);
    if (resolved.origin !== base.origin) return FALLBACK;
    return `${resolved.pathname}${resolved.search}${resolved.hash}`;
  } catch {
    return FALLBACK;
  }
}

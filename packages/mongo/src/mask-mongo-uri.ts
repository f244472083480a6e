const MASK = '****';

// Query options whose values are credentials (MONGODB-AWS session tokens travel here).
const SECRET_QUERY_VALUE = /(AWS_SESSION_TOKEN(?::|%3A))[^,&]*/gi;

/**
 * Hides the password (and AWS session token) of a MongoDB connection string so it can appear in
 * errors and logs: `mongodb://user:pass@host/db` → `mongodb://user:****@host/db`.
 *
 * A valid URI percent-encodes `@ : / ?` inside credentials, but configuration mistakes are
 * exactly when this runs, so the userinfo is taken up to the LAST `@`: a malformed URI is
 * over-masked rather than leaked.
 */
export function maskMongoUri(uri: string): string {
  const schemeEnd = uri.indexOf('://');
  const start = schemeEnd === -1 ? 0 : schemeEnd + 3;
  const at = uri.lastIndexOf('@');
  let masked = uri;
  if (at >= start) {
    const userinfo = uri.slice(start, at);
    const colon = userinfo.indexOf(':');
    if (colon !== -1) {
      masked = `${uri.slice(0, start)}${userinfo.slice(0, colon)}:${MASK}${uri.slice(at)}`;
    }
  }
  return masked.replace(SECRET_QUERY_VALUE, `$1${MASK}`);
}

/**
 * The literal secrets of a URI (raw and percent-decoded password), so driver error messages can
 * be scrubbed even when they echo them in another form.
 */
export function uriSecrets(uri: string): string[] {
  const schemeEnd = uri.indexOf('://');
  const start = schemeEnd === -1 ? 0 : schemeEnd + 3;
  const at = uri.lastIndexOf('@');
  if (at < start) return [];
  const userinfo = uri.slice(start, at);
  const colon = userinfo.indexOf(':');
  if (colon === -1) return [];
  const raw = userinfo.slice(colon + 1);
  const secrets = new Set([raw]);
  try {
    secrets.add(decodeURIComponent(raw));
  } catch {
    // A malformed escape: the raw form is all there is to scrub.
  }
  return [...secrets].filter((secret) => secret.length > 0);
}

/** Replaces every occurrence of the URI's secrets in `text`, then masks any URI-shaped text. */
export function scrubSecrets(text: string, uri: string): string {
  let scrubbed = text;
  for (const secret of uriSecrets(uri)) scrubbed = scrubbed.split(secret).join(MASK);
  return scrubbed;
}

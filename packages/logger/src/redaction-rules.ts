export const REDACTED = '[REDACTED]';

// Keys are compared after lower-casing and dropping separators, so `X-Api-Key`, `api_key` and
// `apiKey` all normalize to `xapikey` / `apikey`.
const SENSITIVE_KEY_PARTS = [
  'authorization',
  'cookie',
  'token',
  'secret',
  'password',
  'passwd',
  'apikey',
  'credential',
  'privatekey',
];

// References to secrets (e.g. a Secrets Manager ARN) are not secrets and are what an operator
// needs to debug a failed lookup, so `secretArn` / `credentialRef` stay visible.
const REFERENCE_SUFFIXES = ['arn', 'ref', 'reference'];

export function isSensitiveKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_.\s]/g, '');
  if (REFERENCE_SUFFIXES.some((suffix) => normalized.endsWith(suffix))) return false;
  return SENSITIVE_KEY_PARTS.some((part) => normalized.includes(part));
}

const STRING_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // `Authorization: Bearer abc` pasted into a message, or a header value logged as a string.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`],
  // Anything shaped like a JWT (header segment always starts with base64url `{"`).
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED],
  // Credentials in URL query strings, e.g. an OAuth callback URL in an error message.
  [
    /([?&;](?:access_token|id_token|refresh_token|token|client_secret|password|api_key|apikey|code)=)[^&#\s"']+/gi,
    `$1${REDACTED}`,
  ],
];

/** Mask bearer/basic credentials, JWTs and credential query parameters inside free text. */
export function redactString(value: string): string {
  let result = value;
  for (const [pattern, replacement] of STRING_RULES) result = result.replace(pattern, replacement);
  return result;
}

/**
 * Key names that suggest someone is trying to store a credential. The agent directory holds no
 * secrets (the client secret lives in Keycloak), so such keys are refused rather than dropped.
 */
const SECRET_KEY =
  /secret|password|passwd|passphrase|token|credential|api[-_]?key|private[-_]?key/i;
const MAX_DEPTH = 8;

/** Dotted paths of every secret-looking key, at any depth (bounded), except map keys in `skip`. */
export function findSecretKeys(
  value: unknown,
  skip: readonly string[] = [],
  prefix = '',
  depth = 0,
): string[] {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return [];
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => findSecretKeys(item, skip, `${prefix}${i}.`, depth + 1));
  }
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const path = `${prefix}${key}`;
    if (SECRET_KEY.test(key)) found.push(path);
    // Version pins are keyed by server slug; a server may legitimately be called "token-service".
    if (!skip.includes(path)) found.push(...findSecretKeys(child, skip, `${path}.`, depth + 1));
  }
  return found;
}

export const SECRETS_LIVE_IN_KEYCLOAK =
  'Agents hold no secrets here: the client secret lives in Keycloak. Remove this field.';

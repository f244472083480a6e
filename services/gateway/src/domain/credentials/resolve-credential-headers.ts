import type { CredentialRef } from '../serving/serving-types.js';
import { SecretUnavailableError, type SecretSource } from './secret-source.js';

const PLACEHOLDER = /\{\{secret\}\}/g;
// A secret with a line break would let a stored value inject further headers.
const HEADER_BREAK = /[\r\n\0]/;

/**
 * Renders a server's credential references into outbound headers, e.g. header `Authorization`
 * with template `Bearer {{secret}}`. `jsonKey` picks one field of a JSON secret.
 */
export async function resolveCredentialHeaders(
  refs: readonly CredentialRef[],
  source: SecretSource,
): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  for (const ref of refs) {
    const raw = await source.get(ref.source);
    const value = ref.jsonKey === undefined ? raw : pickJsonKey(raw, ref.jsonKey, ref.source);
    if (HEADER_BREAK.test(value)) throw new SecretUnavailableError(ref.source);
    headers[ref.header.toLowerCase()] = ref.template.replace(PLACEHOLDER, () => value);
  }
  return headers;
}

export function invalidateCredentials(refs: readonly CredentialRef[], source: SecretSource): void {
  for (const ref of refs) source.invalidate(ref.source);
}

function pickJsonKey(raw: string, key: string, ref: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new SecretUnavailableError(ref);
  }
  const value = (parsed as Record<string, unknown> | null)?.[key];
  if (typeof value !== 'string') throw new SecretUnavailableError(ref);
  return value;
}

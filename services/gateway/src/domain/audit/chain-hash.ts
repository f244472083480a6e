import { createHash } from 'node:crypto';
import { canonicalJson } from '@mcpgw/definitions';

/** prevHash of the first event of every instance's chain (same as the registry's). */
export const GENESIS_HASH = 'sha256:genesis';

/**
 * hash = sha256(prevHash + canonicalJson(event without hash and rev)) — the registry's rule
 * (services/registry/src/domain/audit/audit-log.ts), so one verifier proves both chains.
 * `rev` and `_id` are storage fields the registry's adapter adds; they are never hashed.
 */
export function chainHash(event: { readonly prevHash: string } & Record<string, unknown>): string {
  const { hash: _hash, rev: _rev, _id: _storedId, ...content } = event;
  return `sha256:${createHash('sha256').update(event.prevHash).update(canonicalJson(content)).digest('hex')}`;
}

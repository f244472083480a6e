import { hash } from 'node:crypto';
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
  return chainHashOfCanonical(event.prevHash, canonicalJson(content));
}

/** The same rule for a caller that already holds the canonical text of the content. */
export function chainHashOfCanonical(prevHash: string, canonical: string): string {
  return `sha256:${hash('sha256', prevHash + canonical, 'hex')}`;
}

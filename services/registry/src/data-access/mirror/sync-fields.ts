import { appError } from '@mcpgw/errors';
import type { CollectionName } from '../../domain/ports/document-store.js';

/** What the snapshot builder and the catalog view scan (domain/snapshot, domain/search). */
export const DEFAULT_MIRRORED: readonly CollectionName[] = [
  'servers',
  'server_versions',
  'scopes',
  'policies',
  'agents',
  'health',
];

/**
 * The ISO timestamp every write of a collection sets (domain/model/*.ts), which incremental sync
 * reads forward from. Approvals and audit events are absent: approvals change without a field
 * that moves on every write, and audit events are append-only and far too many to hold.
 */
const SYNC_FIELDS: Partial<Record<CollectionName, string>> = {
  servers: 'updatedAt',
  server_versions: 'updatedAt',
  scopes: 'updatedAt',
  policies: 'updatedAt',
  agents: 'updatedAt',
  health: 'lastCheckedAt',
};

export function syncFieldOf(collection: CollectionName): string {
  const field = SYNC_FIELDS[collection];
  if (field === undefined) {
    throw appError('CONFIG_INVALID', `The read mirror cannot hold the ${collection} collection.`);
  }
  return field;
}

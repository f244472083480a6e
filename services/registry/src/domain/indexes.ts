import type { IndexDefinition } from './ports/document-store.js';

/**
 * Indexes created at start (both adapters). Only plain and unique compound indexes: DocumentDB
 * and FerretDB v1 both support them; no partial, TTL or text indexes.
 */
export const REGISTRY_INDEXES: readonly IndexDefinition[] = [
  { collection: 'servers', name: 'servers_owner_team', keys: { ownerTeam: 1 } },
  { collection: 'servers', name: 'servers_capability', keys: { capability: 1 } },
  {
    collection: 'server_versions',
    name: 'server_versions_server_version',
    keys: { serverId: 1, version: 1 },
    unique: true,
  },
  { collection: 'server_versions', name: 'server_versions_status', keys: { status: 1 } },
  { collection: 'agents', name: 'agents_team', keys: { team: 1 } },
  { collection: 'approvals', name: 'approvals_status_created', keys: { status: 1, createdAt: -1 } },
  { collection: 'audit_events', name: 'audit_events_at', keys: { at: -1 } },
  {
    collection: 'audit_events',
    name: 'audit_events_instance_seq',
    keys: { instance: 1, seq: 1 },
    unique: true,
  },
  {
    collection: 'audit_events',
    name: 'audit_events_server',
    keys: { 'target.serverId': 1, at: -1 },
  },
  { collection: 'audit_events', name: 'audit_events_actor', keys: { 'actor.subject': 1, at: -1 } },
  // Incremental sync of the read mirror (data-access/mirror) reads each collection forward by
  // its write timestamp.
  { collection: 'servers', name: 'servers_updated_at', keys: { updatedAt: 1 } },
  { collection: 'server_versions', name: 'server_versions_updated_at', keys: { updatedAt: 1 } },
  { collection: 'scopes', name: 'scopes_updated_at', keys: { updatedAt: 1 } },
  { collection: 'policies', name: 'policies_updated_at', keys: { updatedAt: 1 } },
  { collection: 'agents', name: 'agents_updated_at', keys: { updatedAt: 1 } },
  { collection: 'health', name: 'health_last_checked_at', keys: { lastCheckedAt: 1 } },
];

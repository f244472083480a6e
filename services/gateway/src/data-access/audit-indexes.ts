import type { IndexSpec } from '@mcpgw/mongo';

/**
 * The gateway's indexes on `audit_events`, with the registry's names and keys
 * (services/registry/src/domain/indexes.ts) so whichever service starts first creates them and
 * the other finds them identical.
 */
export const AUDIT_INDEXES: readonly IndexSpec[] = [
  { collection: 'audit_events', name: 'audit_events_at', keys: { at: -1 } },
  {
    collection: 'audit_events',
    name: 'audit_events_instance_seq',
    keys: { instance: 1, seq: 1 },
    unique: true,
  },
];

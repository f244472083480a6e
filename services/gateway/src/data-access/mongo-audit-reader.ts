import type { Db, Filter } from 'mongodb';
import type { ChainedRecord } from '../domain/audit/verify-audit-chain.js';

export interface AuditReadFilter {
  readonly instance?: string;
  /** ISO-8601; events with `at` at or after it. */
  readonly since?: string;
}

type Row = { _id: string } & Record<string, unknown>;

/**
 * Streams `audit_events` (registry and gateway alike) ordered by instance then seq, as the
 * events were hashed: `_id` back to `id`, the storage-only `rev` dropped.
 */
export async function* readAuditEvents(
  db: Db,
  filter: AuditReadFilter = {},
): AsyncGenerator<ChainedRecord & Record<string, unknown>> {
  const query: Filter<Row> = {};
  if (filter.instance !== undefined) query.instance = filter.instance;
  if (filter.since !== undefined) query.at = { $gte: filter.since };
  const cursor = db
    .collection<Row>('audit_events')
    .find(query)
    .sort({ instance: 1, seq: 1 })
    .batchSize(1000);
  try {
    for await (const row of cursor) {
      const { _id, rev: _rev, ...rest } = row;
      yield { id: _id, ...rest } as unknown as ChainedRecord & Record<string, unknown>;
    }
  } finally {
    await cursor.close();
  }
}

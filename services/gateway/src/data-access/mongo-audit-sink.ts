import { MongoBulkWriteError, type Collection, type Db } from 'mongodb';
import { pingMongo } from '@mcpgw/mongo';
import type { AuditEvent } from '../domain/audit/audit-event.js';
import type { AuditSink } from '../domain/audit/audit-sink.js';

const DUPLICATE_KEY = 11000;

/** A stored row, laid out as the registry's adapter stores its own audit events. */
export type AuditRow = { _id: string; rev: number } & Omit<AuditEvent, 'id'>;

export function toAuditRow(event: AuditEvent): AuditRow {
  const { id, ...rest } = event;
  return { _id: id, ...rest, rev: 1 };
}

/**
 * `audit_events` through ordered insertMany. A retried batch whose head was already stored (the
 * previous attempt failed after a partial write) hits a duplicate key on `_id`: those events
 * are confirmed present and the rest of the batch is written.
 */
export function createMongoAuditSink(db: Db, options: { pingTimeoutMs?: number } = {}): AuditSink {
  const rows = db.collection<AuditRow>('audit_events');
  return {
    async write(events) {
      let remaining = events.map(toAuditRow);
      // Each round stores or skips at least one row, so the batch length bounds the loop.
      for (let round = 0; round <= events.length && remaining.length > 0; round += 1) {
        const index = await insertUntilDuplicate(rows, remaining);
        if (index === undefined) return;
        remaining = remaining.slice(index + 1);
      }
    },
    ping: () => pingMongo(db, options.pingTimeoutMs),
  };
}

/** Index of the row refused as a duplicate of itself, or undefined when all were inserted. */
async function insertUntilDuplicate(
  rows: Collection<AuditRow>,
  batch: AuditRow[],
): Promise<number | undefined> {
  try {
    await rows.insertMany(batch, { ordered: true });
    return undefined;
  } catch (err) {
    const index = duplicateIndex(err);
    const row = index === undefined ? undefined : batch[index];
    if (index === undefined || row === undefined) throw err;
    // A duplicate on the (instance, seq) index with another _id is a real conflict, not a retry.
    const stored = await rows.findOne({ _id: row._id }, { projection: { hash: 1 } });
    if (stored?.hash !== row.hash) throw err;
    return index;
  }
}

function duplicateIndex(err: unknown): number | undefined {
  if (!(err instanceof MongoBulkWriteError)) {
    return undefined;
  }
  const writeErrors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
  const first = writeErrors[0];
  return first?.code === DUPLICATE_KEY ? first.index : undefined;
}

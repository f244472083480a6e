import type { DocumentCollection } from '../../domain/ports/document-store.js';
import type { Row } from './mirror-state.js';

/** Largest `find` the port allows. */
const FIND_BATCH = 10_000;
/** Largest `page` the port allows. */
const PAGE_LIMIT = 500;

/** Every document, keyset by id so a collection larger than one `find` is still read whole. */
export async function readAll(rows: DocumentCollection<Row>): Promise<Row[]> {
  const all: Row[] = [];
  let after: string | undefined;
  for (;;) {
    const batch = await rows.find(after === undefined ? {} : { id: { gt: after } }, {
      limit: FIND_BATCH,
    });
    for (const doc of batch) all.push(doc);
    const last = batch[batch.length - 1];
    if (batch.length < FIND_BATCH || last === undefined) return all;
    after = last.id;
  }
}

/**
 * Documents whose `field` is after `since`, oldest first.
 * Paged with the port's keyset cursor, which breaks ties by id: many documents written in the
 * same millisecond are neither skipped nor read forever.
 */
export async function readChangedSince(
  rows: DocumentCollection<Row>,
  field: string,
  since: string,
): Promise<Row[]> {
  const filter = { [field]: { gt: since } };
  const sort = { field, direction: 1 as const };
  const changed: Row[] = [];
  let cursor: string | undefined;
  do {
    const page = await rows.page(filter, {
      limit: PAGE_LIMIT,
      sort,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const doc of page.items) changed.push(doc);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return changed;
}

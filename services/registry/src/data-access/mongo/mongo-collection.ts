import { appError } from '@mcpgw/errors';
import type { Collection, Filter as MongoFilter } from 'mongodb';
import type {
  DocumentCollection,
  Page,
  StoredDocument,
} from '../../domain/ports/document-store.js';
import { DEFAULT_SORT, decodeCursor, encodeCursor } from '../cursor.js';
import { keysetCondition, mongoSort } from './keyset-condition.js';
import { fromRow, toRow, type MongoRow } from './map-document.js';
import { duplicatePositions, isDuplicateKey } from './mongo-errors.js';
import { translateFilter } from './translate-filter.js';

const MAX_FIND = 10_000;

function conflictOnDuplicate(id: string) {
  return (err: unknown): never => {
    if (isDuplicateKey(err)) {
      throw appError('CONFLICT', `"${id}" conflicts with an existing document.`, { cause: err });
    }
    throw err;
  };
}

/** After a guarded write matched nothing: tell a missing document from a stale rev. */
async function missOutcome(rows: Collection<MongoRow>, id: string): Promise<never> {
  const exists = await rows.findOne({ _id: id }, { projection: { _id: 1 } });
  if (exists === null) throw appError('NOT_FOUND', `"${id}" was not found.`);
  throw appError('VERSION_CONFLICT');
}

async function insertMany(rows: Collection<MongoRow>, docs: readonly { id: string }[]) {
  if (docs.length === 0) return { inserted: 0, duplicates: [] };
  try {
    // Unordered: one duplicate must not stop the rest of an audit batch.
    await rows.insertMany(
      docs.map((doc) => toRow(doc, 1)),
      { ordered: false },
    );
    return { inserted: docs.length, duplicates: [] };
  } catch (err) {
    const positions = duplicatePositions(err);
    if (positions === undefined) throw err;
    const duplicates = positions.map((position) => docs[position]?.id ?? '');
    return { inserted: docs.length - duplicates.length, duplicates };
  }
}

/** One collection of the MongoDB-wire adapter; see DocumentCollection for the contract. */
export function createMongoCollection<T extends StoredDocument>(
  rows: Collection<MongoRow>,
): DocumentCollection<T> {
  return {
    async insert(doc) {
      const row = toRow(doc, 1);
      await rows.insertOne(row).catch(conflictOnDuplicate(doc.id));
      return fromRow<T>(row);
    },
    insertMany: (docs) => insertMany(rows, docs),
    async get(id) {
      const row = await rows.findOne({ _id: id });
      return row === null ? undefined : fromRow<T>(row);
    },
    async scan(filter, options = {}) {
      // Driver results are fresh objects already: nothing to share, nothing to copy.
      return this.find(filter, options);
    },
    async find(filter, options = {}) {
      const limit = Math.max(1, Math.min(options.limit ?? MAX_FIND, MAX_FIND));
      const found = await rows
        .find(translateFilter(filter))
        .sort(mongoSort(options.sort ?? DEFAULT_SORT))
        .limit(limit)
        .toArray();
      return found.map((row) => fromRow<T>(row));
    },
    async page(filter, request): Promise<Page<T>> {
      const sort = request.sort ?? DEFAULT_SORT;
      let query: MongoFilter<MongoRow> = translateFilter(filter);
      if (request.cursor !== undefined && request.cursor !== '') {
        query = { $and: [query, keysetCondition(decodeCursor(request.cursor, sort))] };
      }
      // One extra row says whether another page exists without a second round trip.
      const found = await rows
        .find(query)
        .sort(mongoSort(sort))
        .limit(request.limit + 1)
        .toArray();
      const items = found.slice(0, request.limit).map((row) => fromRow<T>(row));
      const last = items[items.length - 1];
      if (found.length <= request.limit || last === undefined) return { items };
      const value = (last as unknown as Record<string, unknown>)[sort.field];
      const nextCursor = encodeCursor({ ...sort, value: value as never, id: last.id });
      return { items, nextCursor };
    },
    count: (filter) => rows.countDocuments(translateFilter(filter)),
    async replace(doc, expectedRev) {
      const row = toRow(doc, expectedRev + 1);
      const result = await rows
        .replaceOne({ _id: doc.id, rev: expectedRev }, row)
        .catch(conflictOnDuplicate(doc.id));
      if (result.matchedCount === 0) return missOutcome(rows, doc.id);
      return fromRow<T>(row);
    },
    async delete(id, expectedRev) {
      const result = await rows.deleteOne({ _id: id, rev: expectedRev });
      if (result.deletedCount === 0) await missOutcome(rows, id);
    },
  };
}

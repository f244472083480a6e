import { appError } from '@mcpgw/errors';
import type {
  CollectionName,
  DocumentCollection,
  DocumentStore,
  Filter,
  IndexDefinition,
  Page,
  PageRequest,
  SortSpec,
  StoredDocument,
} from '../../domain/ports/document-store.js';
import { DEFAULT_SORT, decodeCursor, encodeCursor } from '../cursor.js';
import { cloneDocument, deepFreeze } from './clone-document.js';
import { compareValues, matchesFilter, valueAt } from './match-filter.js';

type Row = Record<string, unknown> & StoredDocument;

const MAX_FIND = 10_000;

/**
 * The embedded store for `make dev` and fast tests. Documents are deep-copied in and out so
 * callers can never mutate stored state by accident; unique indexes are enforced like MongoDB's.
 */
export function createMemoryDocumentStore(
  options: { onChange?: () => void } = {},
): DocumentStore & {
  dump(): Record<string, Row[]>;
  load(data: Record<string, Row[]>): void;
} {
  const collections = new Map<CollectionName, Map<string, Row>>();
  const uniqueIndexes: IndexDefinition[] = [];
  const rows = (name: CollectionName) => {
    let map = collections.get(name);
    if (!map) collections.set(name, (map = new Map()));
    return map;
  };
  const changed = () => options.onChange?.();

  function assertUnique(name: CollectionName, doc: Row): void {
    for (const index of uniqueIndexes.filter((i) => i.collection === name)) {
      const fields = Object.keys(index.keys);
      const key = JSON.stringify(fields.map((f) => valueAt(doc, f) ?? null));
      for (const other of rows(name).values()) {
        if (other.id === doc.id) continue;
        if (JSON.stringify(fields.map((f) => valueAt(other, f) ?? null)) === key) {
          throw appError(
            'CONFLICT',
            `A document with the same ${fields.join(', ')} already exists.`,
          );
        }
      }
    }
  }

  function sorted(name: CollectionName, filter: Filter | undefined, sort: SortSpec): Row[] {
    const matching = [...rows(name).values()].filter((doc) => matchesFilter(doc, filter));
    return matching.sort((a, b) => {
      const byField = compareValues(valueAt(a, sort.field), valueAt(b, sort.field));
      const cmp = byField !== 0 ? byField : compareValues(a.id, b.id);
      return cmp * sort.direction;
    });
  }

  function collection<T extends StoredDocument>(name: CollectionName): DocumentCollection<T> {
    return {
      async insert(doc) {
        const map = rows(name);
        if (map.has(doc.id)) throw appError('CONFLICT', `"${doc.id}" already exists.`);
        const row = deepFreeze({ ...cloneDocument(doc), rev: 1 } as Row);
        assertUnique(name, row);
        map.set(row.id, row);
        changed();
        return cloneDocument(row) as unknown as T;
      },
      async insertMany(docs) {
        const duplicates: string[] = [];
        let inserted = 0;
        for (const doc of docs) {
          try {
            await this.insert(doc);
            inserted += 1;
          } catch {
            duplicates.push(doc.id);
          }
        }
        return { inserted, duplicates };
      },
      async get(id) {
        const row = rows(name).get(id);
        return row ? (cloneDocument(row) as unknown as T) : undefined;
      },
      async find(filter, opts = {}) {
        const limit = Math.min(opts.limit ?? MAX_FIND, MAX_FIND);
        return sorted(name, filter, opts.sort ?? DEFAULT_SORT)
          .slice(0, limit)
          .map((row) => cloneDocument(row) as unknown as T);
      },
      async scan(filter, opts = {}) {
        const limit = Math.min(opts.limit ?? MAX_FIND, MAX_FIND);
        // Rows are deep-frozen at write time, so they can be handed out without a copy.
        return sorted(name, filter, opts.sort ?? DEFAULT_SORT).slice(0, limit) as unknown as T[];
      },
      async page(filter, request: PageRequest): Promise<Page<T>> {
        const sort = request.sort ?? DEFAULT_SORT;
        let all = sorted(name, filter, sort);
        if (request.cursor) {
          const pos = decodeCursor(request.cursor, sort);
          all = all.filter((row) => {
            const cmp = compareValues(valueAt(row, sort.field), pos.value);
            const ordered = cmp !== 0 ? cmp : compareValues(row.id, pos.id);
            return ordered * sort.direction > 0;
          });
        }
        const items = all.slice(0, request.limit);
        const last = items[items.length - 1];
        const more = all.length > request.limit && last !== undefined;
        return {
          items: items.map((row) => cloneDocument(row) as unknown as T),
          ...(more
            ? {
                nextCursor: encodeCursor({
                  field: sort.field,
                  direction: sort.direction,
                  value: valueAt(last, sort.field) as never,
                  id: last.id,
                }),
              }
            : {}),
        };
      },
      async count(filter) {
        return [...rows(name).values()].filter((doc) => matchesFilter(doc, filter)).length;
      },
      async replace(doc, expectedRev) {
        const map = rows(name);
        const current = map.get(doc.id);
        if (!current) throw appError('NOT_FOUND', `"${doc.id}" was not found.`);
        if (current.rev !== expectedRev) throw appError('VERSION_CONFLICT');
        const row = deepFreeze({ ...cloneDocument(doc), rev: expectedRev + 1 } as Row);
        assertUnique(name, row);
        map.set(row.id, row);
        changed();
        return cloneDocument(row) as unknown as T;
      },
      async delete(id, expectedRev) {
        const map = rows(name);
        const current = map.get(id);
        if (!current) throw appError('NOT_FOUND', `"${id}" was not found.`);
        if (current.rev !== expectedRev) throw appError('VERSION_CONFLICT');
        map.delete(id);
        changed();
      },
    };
  }

  return {
    collection,
    async ensureIndexes(indexes) {
      for (const index of indexes) {
        if (
          index.unique &&
          !uniqueIndexes.some((i) => i.name === index.name && i.collection === index.collection)
        ) {
          uniqueIndexes.push(index);
        }
      }
    },
    async ping() {},
    async close() {},
    dump() {
      return Object.fromEntries(
        [...collections].map(([name, map]) => [
          name,
          [...map.values()].map((r) => cloneDocument(r)),
        ]),
      );
    },
    load(data) {
      collections.clear();
      for (const [name, docs] of Object.entries(data)) {
        rows(name as CollectionName);
        for (const doc of docs) {
          rows(name as CollectionName).set(doc.id, deepFreeze(cloneDocument(doc)));
        }
      }
    },
  };
}

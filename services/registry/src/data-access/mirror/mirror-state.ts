import type { Filter, SortSpec, StoredDocument } from '../../domain/ports/document-store.js';
import { DEFAULT_SORT } from '../cursor.js';
import { cloneDocument, deepFreeze } from '../memory/clone-document.js';
import { compareValues, matchesFilter, valueAt } from '../memory/match-filter.js';

export type Row = Record<string, unknown> & StoredDocument;

const MAX_FIND = 10_000;

/** A local write seen while a full resync was reading; replayed onto what it read. */
type JournalEntry = { readonly put: Row } | { readonly deleted: string; readonly rev: number };

/**
 * The in-memory copy of one collection. Every document is deep-frozen, so `scan` hands them
 * out without copies, exactly like the memory adapter. Newer `rev` wins everywhere: a sync that
 * read a document before a local write landed can never roll it back.
 */
export interface MirrorState {
  /** True once a full read has been swapped in: only then does `scan` answer from memory. */
  readonly loaded: boolean;
  readonly size: number;
  scan(filter?: Filter, options?: { sort?: SortSpec; limit?: number }): readonly Row[];
  /** After a successful write through the decorator; `doc` is copied (the caller keeps it). */
  putLocal(doc: Row, inserted: boolean): void;
  deleteLocal(id: string, rev: number): void;
  /** Documents read by an incremental sync (fresh objects, frozen in place); returns changes. */
  applySynced(docs: readonly Row[]): number;
  beginResync(): void;
  /** Swaps in a full read (plus local writes made meanwhile); returns whether anything differs. */
  finishResync(fresh: readonly Row[]): boolean;
  abortResync(): void;
}

export function createMirrorState(syncField: string): MirrorState {
  let docs = new Map<string, Row>();
  let loaded = false;
  // Local deletes, so a sync that read a document just before it was deleted cannot revive it.
  // Kept until the next full read that started after them.
  let tombstones = new Map<string, number>();
  let journal: JournalEntry[] | undefined;

  const newer = (map: ReadonlyMap<string, Row>, doc: Row) => {
    const current = map.get(doc.id);
    return current === undefined || current.rev < doc.rev;
  };

  return {
    get loaded() {
      return loaded;
    },
    get size() {
      return docs.size;
    },
    scan(filter, options = {}) {
      const sort = options.sort ?? DEFAULT_SORT;
      const limit = Math.min(options.limit ?? MAX_FIND, MAX_FIND);
      const matching = [...docs.values()].filter((doc) => matchesFilter(doc, filter));
      matching.sort((a, b) => {
        const byField = compareValues(valueAt(a, sort.field), valueAt(b, sort.field));
        return (byField !== 0 ? byField : compareValues(a.id, b.id)) * sort.direction;
      });
      return matching.slice(0, limit);
    },
    putLocal(doc, inserted) {
      const row = deepFreeze(cloneDocument(doc));
      // A successful insert proves no document had this id: whatever the mirror held is stale.
      if (inserted) tombstones.delete(row.id);
      if (inserted || newer(docs, row)) docs.set(row.id, row);
      journal?.push({ put: row });
    },
    deleteLocal(id, rev) {
      const current = docs.get(id);
      if (current !== undefined && current.rev <= rev) docs.delete(id);
      tombstones.set(id, Math.max(rev, tombstones.get(id) ?? 0));
      journal?.push({ deleted: id, rev });
    },
    applySynced(fresh) {
      let changed = 0;
      for (const doc of fresh) {
        const deletedAt = tombstones.get(doc.id);
        if ((deletedAt !== undefined && doc.rev <= deletedAt) || !newer(docs, doc)) continue;
        docs.set(doc.id, deepFreeze(doc));
        changed += 1;
      }
      return changed;
    },
    beginResync() {
      journal = [];
    },
    finishResync(fresh) {
      const next = new Map<string, Row>();
      for (const doc of fresh) next.set(doc.id, deepFreeze(doc));
      const kept = new Map<string, number>();
      for (const entry of journal ?? []) {
        if ('put' in entry) {
          if (newer(next, entry.put)) next.set(entry.put.id, entry.put);
          continue;
        }
        const current = next.get(entry.deleted);
        if (current !== undefined && current.rev <= entry.rev) next.delete(entry.deleted);
        kept.set(entry.deleted, entry.rev);
      }
      const changed = differs(docs, next, syncField);
      docs = next;
      tombstones = kept;
      journal = undefined;
      loaded = true;
      return changed;
    },
    abortResync() {
      journal = undefined;
    },
  };
}

function differs(before: ReadonlyMap<string, Row>, after: ReadonlyMap<string, Row>, field: string) {
  if (before.size !== after.size) return true;
  for (const [id, doc] of after) {
    const old = before.get(id);
    // Same rev but another sync value: deleted and created again elsewhere.
    if (old === undefined || old.rev !== doc.rev) return true;
    if (valueAt(old, field) !== valueAt(doc, field)) return true;
  }
  return false;
}

import type { DocumentCollection, StoredDocument } from '../../domain/ports/document-store.js';
import type { DomainLogger } from '../../domain/registry-context.js';
import type { MirrorState, Row } from './mirror-state.js';

/**
 * One mirrored collection: writes go to the store first and land in the mirror only once
 * stored; `scan` is answered from the mirror once it is loaded; every other read is the store's.
 */
export function createMirroredCollection<T extends StoredDocument>(
  inner: DocumentCollection<T>,
  state: MirrorState,
  logger: DomainLogger,
): DocumentCollection<T> {
  const rows = inner as unknown as DocumentCollection<Row>;
  return {
    async insert(doc) {
      const stored = await inner.insert(doc);
      state.putLocal(stored as unknown as Row, true);
      return stored;
    },
    async insertMany(docs) {
      const result = await inner.insertMany(docs);
      if (result.inserted === 0) return result;
      // The port reports counts, not the stored documents: read them back. The write already
      // succeeded, so a failed read-back is left to the next sync rather than reported as one.
      const ids = [...new Set(docs.map((doc) => doc.id))];
      const duplicates = new Set(result.duplicates);
      try {
        for (const doc of await rows.find({ id: { in: ids } }, { limit: ids.length })) {
          state.putLocal(doc, !duplicates.has(doc.id));
        }
      } catch (error) {
        logger.warn('read mirror could not read back inserted documents', {
          error: String(error),
        });
      }
      return result;
    },
    get: (id) => inner.get(id),
    find: (filter, options) => inner.find(filter, options),
    async scan(filter, options) {
      if (!state.loaded) return inner.scan(filter, options);
      return state.scan(filter, options) as unknown as readonly T[];
    },
    page: (filter, request) => inner.page(filter, request),
    count: (filter) => inner.count(filter),
    async replace(doc, expectedRev) {
      const stored = await inner.replace(doc, expectedRev);
      state.putLocal(stored as unknown as Row, false);
      return stored;
    },
    async delete(id, expectedRev) {
      await inner.delete(id, expectedRev);
      state.deleteLocal(id, expectedRev);
    },
  };
}

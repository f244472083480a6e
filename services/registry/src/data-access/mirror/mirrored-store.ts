import { appError } from '@mcpgw/errors';
import type { Clock } from '../../domain/ports/clock.js';
import type {
  CollectionName,
  DocumentCollection,
  DocumentStore,
  StoredDocument,
} from '../../domain/ports/document-store.js';
import type { ChangeNotifier, DomainLogger } from '../../domain/registry-context.js';
import { createMirroredCollection } from './mirrored-collection.js';
import { createMirrorState, type MirrorState, type Row } from './mirror-state.js';
import { readAll, readChangedSince } from './read-collection.js';
import { DEFAULT_MIRRORED, syncFieldOf } from './sync-fields.js';

export interface MirrorOptions {
  readonly collections?: readonly CollectionName[];
  /** Incremental sync period (writes by other registry tasks). */
  readonly syncMs: number;
  /** Full re-read period; the only way deletes by other registry tasks are seen. */
  readonly fullResyncMs: number;
  /**
   * How far before the start of its previous read each incremental sync looks (default 5 s):
   * covers clock skew between tasks and the gap between stamping `updatedAt` and committing.
   */
  readonly skewMs?: number;
  readonly clock: Clock;
  readonly logger: DomainLogger;
  /** Told after a sync changed a collection, so the snapshot and catalog caches rebuild. */
  readonly changes: ChangeNotifier;
}

export interface MirroredStore extends DocumentStore {
  /** Starts syncing; resolves once every mirrored collection has been read whole. */
  start(): Promise<void>;
  /** For /readyz: resolves when loaded, else rejects with NOT_READY at once. */
  ready(): Promise<void>;
  /** Runs one sync pass now, whatever the pacing (tests, benches); joins a running pass. */
  syncNow(): Promise<void>;
}

interface Mirrored {
  readonly name: CollectionName;
  readonly field: string;
  readonly state: MirrorState;
  lastFullAt: number;
  /** Clock time the last successful read began: the incremental sync watermark. */
  syncedAt: number;
  /** Timer-driven passes skip the collection until then (see BUSY_FACTOR). */
  restUntil: number;
}

/**
 * A store that cannot use the sync index (FerretDB v1 pushes down no range filter, so every
 * incremental read scans the collection server-side: seconds for server_versions) would be kept
 * busy by a sync every `syncMs`. After a read that took d ms, timer-driven passes leave the
 * collection alone for (BUSY_FACTOR - 1) × d more, so the mirror takes at most ~1/BUSY_FACTOR of
 * the store's time per collection; on an indexed store d is milliseconds and nothing changes.
 */
const BUSY_FACTOR = 5;

/**
 * A DocumentStore whose bulk reads (`scan`) of the catalog collections come from memory
 * (PERFORMANCE.md): read whole once at start, kept current by this task's writes at once and by
 * other tasks' writes through a periodic incremental sync, re-read whole now and then for
 * deletes. The wrapped store stays authoritative for every other read and for every write.
 */
export function createMirroredStore(inner: DocumentStore, options: MirrorOptions): MirroredStore {
  const { clock, logger, changes, syncMs, fullResyncMs } = options;
  const skewMs = options.skewMs ?? 5_000;
  const mirrored = new Map<CollectionName, Mirrored>();
  for (const name of options.collections ?? DEFAULT_MIRRORED) {
    mirrored.set(name, {
      name,
      field: syncFieldOf(name),
      state: createMirrorState(syncFieldOf(name)),
      lastFullAt: 0,
      syncedAt: 0,
      restUntil: 0,
    });
  }
  let timer: NodeJS.Timeout | undefined;
  let started = false;
  let closed = false;
  let running: Promise<void> | undefined;
  let markLoaded: () => void = () => undefined;
  let failLoad: (error: Error) => void = () => undefined;
  const loaded = new Promise<void>((resolve, reject) => {
    markLoaded = resolve;
    failLoad = reject;
  });
  loaded.catch(() => undefined);
  const allLoaded = () => [...mirrored.values()].every((m) => m.state.loaded);

  async function syncOne(entry: Mirrored, now: number): Promise<boolean> {
    const rows = inner.collection<Row>(entry.name);
    try {
      if (!entry.state.loaded || now - entry.lastFullAt >= fullResyncMs) {
        return await resync(entry, rows, now);
      }
      // Anything committed after the previous read began carries a timestamp no older than that
      // start minus the skew; timestamps read from documents would not do as a watermark, since
      // a quiet collection would then re-read its last skew window on every tick forever.
      const since = new Date(entry.syncedAt - skewMs).toISOString();
      const changed = entry.state.applySynced(await readChangedSince(rows, entry.field, since));
      entry.syncedAt = now;
      return changed > 0;
    } finally {
      entry.restUntil = now + (clock.now().getTime() - now) * BUSY_FACTOR;
    }
  }

  async function resync(entry: Mirrored, rows: DocumentCollection<Row>, now: number) {
    entry.state.beginResync();
    try {
      const changed = entry.state.finishResync(await readAll(rows));
      entry.lastFullAt = now;
      entry.syncedAt = now;
      return changed;
    } catch (error) {
      entry.state.abortResync();
      throw error;
    }
  }

  async function pass(timed: boolean): Promise<void> {
    const now = clock.now().getTime();
    await Promise.all(
      [...mirrored.values()].map(async (entry) => {
        if (timed && entry.state.loaded && now < entry.restUntil) return;
        try {
          if ((await syncOne(entry, now)) && !closed) changes.notify(entry.name);
        } catch (error) {
          // Retried on the next tick; scans keep serving the last good copy meanwhile.
          if (!closed) {
            logger.error('read mirror sync failed', {
              collection: entry.name,
              error: String(error),
            });
          }
        }
      }),
    );
    if (allLoaded()) markLoaded();
  }

  function runPass(timed: boolean): Promise<void> {
    running ??= pass(timed).finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(): void {
    if (closed) return;
    timer = setTimeout(() => {
      void runPass(true).finally(schedule);
    }, syncMs);
    // Shutdown calls close(); a pending sync alone must not keep the process alive.
    timer.unref();
  }

  return {
    collection<T extends StoredDocument>(name: CollectionName): DocumentCollection<T> {
      const entry = mirrored.get(name);
      const rows = inner.collection<T>(name);
      return entry ? createMirroredCollection(rows, entry.state, logger) : rows;
    },
    ensureIndexes: (indexes) => inner.ensureIndexes(indexes),
    ping: () => inner.ping(),
    start() {
      if (!started && !closed) {
        started = true;
        void runPass(true).finally(schedule);
      }
      return loaded;
    },
    async ready() {
      if (!allLoaded()) throw appError('NOT_READY', 'The registry read mirror is still loading.');
    },
    syncNow: () => runPass(false),
    async close() {
      closed = true;
      clearTimeout(timer);
      failLoad(appError('NOT_READY', 'The registry read mirror was closed.'));
      await inner.close();
    },
  };
}

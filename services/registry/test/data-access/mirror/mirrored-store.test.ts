import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryDocumentStore } from '../../../src/data-access/memory/memory-document-store.js';
import {
  createMirroredStore,
  type MirroredStore,
} from '../../../src/data-access/mirror/mirrored-store.js';
import type {
  CollectionName,
  DocumentCollection,
  DocumentStore,
  StoredDocument,
} from '../../../src/domain/ports/document-store.js';
import { createChangeNotifier } from '../../../src/domain/registry-context.js';

interface Doc extends StoredDocument {
  name: string;
  updatedAt: string;
}

const SYNC_MS = 2_000;
const FULL_RESYNC_MS = 300_000;
const T0 = Date.parse('2030-01-01T00:00:00.000Z');

/** A gate a test opens by hand, to hold a sync between its read and its apply. */
function createGate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

interface Harness {
  inner: DocumentStore;
  mirror: MirroredStore;
  direct: DocumentCollection<Doc>;
  through: DocumentCollection<Doc>;
  notified: CollectionName[];
  errors: string[];
  advance(ms: number): void;
  at(offsetMs: number): string;
}

const open: MirroredStore[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});

/** `inner` plays the shared database: writes to it directly are another registry task's. */
async function arrange(inner: DocumentStore = createMemoryDocumentStore()): Promise<Harness> {
  let now = T0;
  const notified: CollectionName[] = [];
  const errors: string[] = [];
  const changes = createChangeNotifier();
  changes.subscribe((collection) => notified.push(collection));
  const mirror = createMirroredStore(inner, {
    syncMs: 3_600_000, // the tests drive passes with syncNow()
    fullResyncMs: FULL_RESYNC_MS,
    clock: { now: () => new Date(now) },
    logger: {
      info: () => undefined,
      warn: () => undefined,
      error: (message, meta) => errors.push(`${message} ${JSON.stringify(meta)}`),
    },
    changes,
  });
  open.push(mirror);
  await mirror.start();
  notified.length = 0;
  return {
    inner,
    mirror,
    direct: inner.collection<Doc>('servers'),
    through: mirror.collection<Doc>('servers'),
    notified,
    errors,
    advance: (ms) => void (now += ms),
    at: (offsetMs) => new Date(now + offsetMs).toISOString(),
  };
}

const names = (docs: readonly Doc[]) => docs.map((doc) => `${doc.id}:${doc.name}@${doc.rev}`);

describe('createMirroredStore', () => {
  it('when a document is written through the mirror, then scan returns it at once without a sync', async () => {
    const h = await arrange();
    const stored = await h.through.insert({ id: 's1', name: 'one', updatedAt: h.at(0) });
    await h.through.replace({ ...stored, name: 'two' }, stored.rev);
    await h.through.insert({ id: 's2', name: 'gone', updatedAt: h.at(0) });
    await h.through.delete('s2', 1);
    expect(names(await h.through.scan())).toEqual(['s1:two@2']);
  });

  it('when another task writes to the database, then scan shows it after one sync tick and the collection is notified', async () => {
    const h = await arrange();
    await h.direct.insert({ id: 's1', name: 'other task', updatedAt: h.at(0) });
    expect(await h.through.scan()).toEqual([]);
    h.advance(SYNC_MS);
    await h.mirror.syncNow();
    expect(names(await h.through.scan())).toEqual(['s1:other task@1']);
    expect(h.notified).toEqual(['servers']);
  });

  it('when a sync finds nothing new, then nothing is notified', async () => {
    const h = await arrange();
    await h.direct.insert({ id: 's1', name: 'one', updatedAt: h.at(0) });
    await h.mirror.syncNow();
    h.notified.length = 0;
    h.advance(SYNC_MS);
    await h.mirror.syncNow();
    expect(h.notified).toEqual([]);
  });

  it('when another task deletes a document, then it disappears only at the full resync', async () => {
    const h = await arrange();
    await h.through.insert({ id: 's1', name: 'one', updatedAt: h.at(0) });
    await h.direct.delete('s1', 1);
    h.advance(SYNC_MS);
    await h.mirror.syncNow();
    expect(names(await h.through.scan())).toEqual(['s1:one@1']);
    h.advance(FULL_RESYNC_MS);
    await h.mirror.syncNow();
    expect(await h.through.scan()).toEqual([]);
    expect(h.notified).toEqual(['servers']);
  });

  it('when a sync read an older rev than a write made meanwhile, then the newer mirrored document stays', async () => {
    const gate = createGate();
    const inner = createMemoryDocumentStore();
    const held = gatedPages(inner, gate.opened);
    const h = await arrange(held);
    const first = await h.through.insert({ id: 's1', name: 'one', updatedAt: h.at(0) });
    const second = await h.direct.replace({ ...first, name: 'other', updatedAt: h.at(1) }, 1);
    h.advance(SYNC_MS);
    const sync = h.mirror.syncNow(); // reads rev 2, then waits at the gate
    await vi.waitFor(() => expect(held.reads).toBeGreaterThan(0));
    await h.through.replace({ ...second, name: 'mine', updatedAt: h.at(2) }, 2);
    gate.open();
    await sync;
    expect(names(await h.through.scan())).toEqual(['s1:mine@3']);
  });

  it('when a document is deleted here while a sync holds an older copy, then the sync does not revive it', async () => {
    const gate = createGate();
    const held = gatedPages(createMemoryDocumentStore(), gate.opened);
    const h = await arrange(held);
    await h.direct.insert({ id: 's1', name: 'one', updatedAt: h.at(0) });
    h.advance(SYNC_MS);
    const sync = h.mirror.syncNow();
    await vi.waitFor(() => expect(held.reads).toBeGreaterThan(0));
    await h.through.delete('s1', 1);
    gate.open();
    await sync;
    expect(await h.through.scan()).toEqual([]);
  });

  it('when a document is written here during a full resync, then the swapped-in copy keeps it', async () => {
    const gate = createGate();
    const held = gatedFinds(createMemoryDocumentStore(), gate.opened);
    const h = await arrange(held);
    held.hold = true;
    h.advance(FULL_RESYNC_MS);
    const resync = h.mirror.syncNow(); // reads an empty collection, then waits
    await vi.waitFor(() => expect(held.reads).toBeGreaterThan(0));
    await h.through.insert({ id: 's1', name: 'during', updatedAt: h.at(0) });
    gate.open();
    await resync;
    expect(names(await h.through.scan())).toEqual(['s1:during@1']);
  });

  it('when scanning with a filter, sort and limit, then the mirror answers like the store', async () => {
    const h = await arrange();
    for (const [id, name] of [
      ['b', 'x'],
      ['a', 'y'],
      ['c', 'x'],
    ]) {
      await h.direct.insert({ id: id!, name: name!, updatedAt: h.at(0) });
    }
    await h.mirror.syncNow();
    const options = { sort: { field: 'name', direction: -1 as const }, limit: 2 };
    expect(await h.through.scan({ name: { in: ['x', 'y'] } }, options)).toEqual(
      await h.direct.find({ name: { in: ['x', 'y'] } }, options),
    );
    expect(Object.isFrozen((await h.through.scan())[0])).toBe(true);
  });

  it('when a sync fails, then the error is logged, the last copy keeps serving and the next tick retries', async () => {
    const inner = createMemoryDocumentStore();
    const h = await arrange(failingPagesOnce(inner));
    await h.through.insert({ id: 's1', name: 'one', updatedAt: h.at(0) });
    await inner.collection<Doc>('servers').insert({ id: 's2', name: 'two', updatedAt: h.at(1) });
    h.advance(SYNC_MS);
    await h.mirror.syncNow();
    expect(h.errors).toEqual([expect.stringContaining('read mirror sync failed')]);
    expect(names(await h.through.scan())).toEqual(['s1:one@1']);
    h.advance(SYNC_MS);
    await h.mirror.syncNow();
    expect(names(await h.through.scan())).toEqual(['s1:one@1', 's2:two@1']);
  });

  it('when not started, then ready rejects with NOT_READY and scan reads the store', async () => {
    const inner = createMemoryDocumentStore();
    await inner.collection<Doc>('servers').insert({ id: 's1', name: 'one', updatedAt: 'x' });
    const mirror = createMirroredStore(inner, {
      syncMs: 10,
      fullResyncMs: FULL_RESYNC_MS,
      clock: { now: () => new Date() },
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      changes: createChangeNotifier(),
    });
    open.push(mirror);
    await expect(mirror.ready()).rejects.toMatchObject({ code: 'NOT_READY' });
    expect(await mirror.collection<Doc>('servers').scan()).toHaveLength(1);
    await mirror.start();
    await expect(mirror.ready()).resolves.toBeUndefined();
  });

  it('when started with real timers, then writes by another task arrive without syncNow', async () => {
    const inner = createMemoryDocumentStore();
    const notified: string[] = [];
    const changes = createChangeNotifier();
    changes.subscribe((c) => notified.push(c));
    const mirror = createMirroredStore(inner, {
      syncMs: 10,
      fullResyncMs: FULL_RESYNC_MS,
      clock: { now: () => new Date() },
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      changes,
    });
    open.push(mirror);
    await mirror.start();
    await inner
      .collection<Doc>('scopes')
      .insert({ id: 'x.read', name: 'x', updatedAt: new Date().toISOString() });
    await vi.waitFor(async () =>
      expect(await mirror.collection<Doc>('scopes').scan()).toHaveLength(1),
    );
    expect(notified).toContain('scopes');
  });

  it('when closed, then the wrapped store is closed and timers stop', async () => {
    const inner = createMemoryDocumentStore();
    const close = vi.spyOn(inner, 'close');
    const mirror = createMirroredStore(inner, {
      syncMs: 10,
      fullResyncMs: FULL_RESYNC_MS,
      clock: { now: () => new Date() },
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      changes: createChangeNotifier(),
    });
    await mirror.start();
    const find = vi.spyOn(inner, 'collection');
    await mirror.close();
    find.mockClear();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(close).toHaveBeenCalledOnce();
    expect(find).not.toHaveBeenCalled();
  });

  it('when asked to mirror audit events, then it refuses with CONFIG_INVALID', () => {
    expect(() =>
      createMirroredStore(createMemoryDocumentStore(), {
        collections: ['audit_events'],
        syncMs: 10,
        fullResyncMs: 10,
        clock: { now: () => new Date() },
        logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
        changes: createChangeNotifier(),
      }),
    ).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});

/** `page` (incremental sync) results of `servers` wait for `gate` after being read. */
function gatedPages(inner: DocumentStore, gate: Promise<void>): DocumentStore & { reads: number } {
  const wrapped = {
    ...inner,
    reads: 0,
    collection<T extends StoredDocument>(name: CollectionName): DocumentCollection<T> {
      const rows = inner.collection<T>(name);
      if (name !== 'servers') return rows;
      return {
        ...rows,
        async page(filter, request) {
          const result = await rows.page(filter, request);
          wrapped.reads += 1;
          await gate;
          return result;
        },
      };
    },
  };
  return wrapped;
}

/** Once `hold` is set, `find` (full reads) of `servers` waits for `gate` after reading. */
function gatedFinds(
  inner: DocumentStore,
  gate: Promise<void>,
): DocumentStore & { reads: number; hold: boolean } {
  const wrapped = {
    ...inner,
    reads: 0,
    hold: false,
    collection<T extends StoredDocument>(name: CollectionName): DocumentCollection<T> {
      const rows = inner.collection<T>(name);
      if (name !== 'servers') return rows;
      return {
        ...rows,
        async find(filter, options) {
          const result = await rows.find(filter, options);
          if (!wrapped.hold) return result;
          wrapped.reads += 1;
          await gate;
          return result;
        },
      };
    },
  };
  return wrapped;
}

/** The first incremental read of `servers` fails, as a dropped connection would. */
function failingPagesOnce(inner: DocumentStore): DocumentStore {
  let failed = false;
  return {
    ...inner,
    collection<T extends StoredDocument>(name: CollectionName): DocumentCollection<T> {
      const rows = inner.collection<T>(name);
      if (name !== 'servers') return rows;
      return {
        ...rows,
        async page(filter, request) {
          if (!failed) {
            failed = true;
            throw new Error('connection reset');
          }
          return rows.page(filter, request);
        },
      };
    },
  };
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  DocumentCollection,
  DocumentStore,
  SortSpec,
  StoredDocument,
} from '../../src/domain/ports/document-store.js';

export interface ContractStore {
  store: DocumentStore;
  cleanup(): Promise<void>;
}

interface Item extends StoredDocument {
  name: string;
  tags?: string[];
  score?: number;
  at?: string;
  group?: number | null;
  owner?: { team: string };
}

type NewItem = Omit<Item, 'rev'>;

export interface ContractOptions {
  /**
   * Set, with the reason, for a backend whose rev-guarded writes are not atomic under concurrency
   * (FerretDB v1 filters, then writes by _id). The race test then only demands a whole,
   * rev-consistent result instead of exactly one winner; sequential stale writes still conflict.
   */
  readonly racyRevChecks?: string;
}

const FIXTURE: NewItem[] = [
  {
    id: 'a',
    name: 'alpha',
    tags: ['x', 'y'],
    score: 5,
    at: '2026-01-01T00:00:00.000Z',
    owner: { team: 'red' },
  },
  {
    id: 'b',
    name: 'beta',
    tags: ['y'],
    score: 10,
    at: '2026-02-01T00:00:00.000Z',
    owner: { team: 'blue' },
  },
  { id: 'c', name: 'gamma', tags: [], score: 15, at: '2026-03-01T00:00:00.000Z' },
  { id: 'd', name: 'delta', score: 10, owner: { team: 'red' }, group: null },
];

const ids = (docs: readonly StoredDocument[]) => docs.map((doc) => doc.id);

/** Walks every page and returns the ids in order; bounded so a broken cursor cannot loop. */
async function walk(items: DocumentCollection<Item>, sort: SortSpec | undefined, limit: number) {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let pageNo = 0; pageNo < 100; pageNo += 1) {
    const page = await items.page(
      {},
      { limit, ...(cursor ? { cursor } : {}), ...(sort ? { sort } : {}) },
    );
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...ids(page.items));
    if (page.nextCursor === undefined) return seen;
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end within 100 pages');
}

/** The expected order per the port: field (missing/null first), ties by id, all reversed for -1. */
function expectedOrder(docs: readonly NewItem[], direction: 1 | -1): string[] {
  const rank = (doc: NewItem) => (doc.group === undefined || doc.group === null ? -1 : doc.group);
  return [...docs]
    .sort((a, b) => (rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) * direction)
    .map((doc) => doc.id);
}

/**
 * The DocumentStore contract (ADR 0003): every adapter must pass it, so a behaviour exists only
 * if all of them have it. `makeStore` returns a fresh, empty store per test.
 */
export function describeDocumentStoreContract(
  name: string,
  makeStore: () => Promise<ContractStore>,
  options: ContractOptions = {},
): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let current: ContractStore;
    let items: DocumentCollection<Item>;

    beforeEach(async () => {
      current = await makeStore();
      items = current.store.collection<Item>('servers');
    });
    afterEach(async () => {
      await current.cleanup();
    });

    const seed = async () => {
      for (const doc of FIXTURE) await items.insert(doc);
    };

    describe('insert and get', () => {
      it('when a document is inserted, then get returns it with rev 1 and no _id', async () => {
        const stored = await items.insert({ id: 's1', name: 'one', owner: { team: 'red' } });
        expect(stored).toEqual({ id: 's1', name: 'one', owner: { team: 'red' }, rev: 1 });
        const read = await items.get('s1');
        expect(read).toEqual({ id: 's1', name: 'one', owner: { team: 'red' }, rev: 1 });
        expect(read).not.toHaveProperty('_id');
      });

      it('when a document holds JSON Schema keys ($schema, $ref), dotted and %-prefixed names, then they round-trip exactly', async () => {
        // Tool input schemas carry these; wire-protocol stores refuse some of them as field names.
        const schema = {
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          $defs: { id: { type: 'string' } },
          properties: { 'a.b': { $ref: '#/$defs/id' }, '%weird': { type: 'number' }, $ok: true },
          required: ['a.b'],
        };
        const docs = current.store.collection<Item & { schema: unknown }>('servers');
        await docs.insert({ id: 's-schema', name: 'schema', schema });
        expect((await docs.get('s-schema'))?.schema).toEqual(schema);
        const stored = (await docs.get('s-schema'))!;
        await docs.replace({ ...stored, schema: { ...schema, $id: 'urn:x' } }, stored.rev);
        expect((await docs.find({ id: 's-schema' }))[0]?.schema).toEqual({
          ...schema,
          $id: 'urn:x',
        });
      });

      it('when the caller mutates the input or a result, then the stored document is unchanged', async () => {
        const input: NewItem = { id: 's1', name: 'one', tags: ['x'], owner: { team: 'red' } };
        const stored = await items.insert(input);
        input.tags?.push('mutated');
        stored.owner!.team = 'mutated';
        const read = await items.get('s1');
        read!.name = 'mutated';
        expect(await items.get('s1')).toEqual({
          ...stored,
          tags: ['x'],
          owner: { team: 'red' },
          name: 'one',
        });
      });

      it('when the id is unknown, then get returns undefined', async () => {
        expect(await items.get('missing')).toBeUndefined();
      });

      it('when a field is undefined, then it reads back undefined and does not exist', async () => {
        await items.insert({ id: 's1', name: 'one', score: undefined });
        // Not stored as null: MongoDB drivers write undefined as null unless told otherwise.
        expect((await items.get('s1'))?.score).toBeUndefined();
        expect(ids(await items.find({ score: { exists: false } }))).toEqual(['s1']);
      });

      it('when the id already exists, then insert rejects with CONFLICT and keeps the first', async () => {
        await items.insert({ id: 's1', name: 'first' });
        await expect(items.insert({ id: 's1', name: 'second' })).rejects.toMatchObject({
          code: 'CONFLICT',
        });
        expect((await items.get('s1'))?.name).toBe('first');
      });

      it('when a unique index is violated by insert or replace, then it rejects with CONFLICT', async () => {
        await current.store.ensureIndexes([
          { collection: 'servers', name: 'servers_name_unique', keys: { name: 1 }, unique: true },
        ]);
        await items.insert({ id: 's1', name: 'same' });
        const other = await items.insert({ id: 's2', name: 'other' });
        await expect(items.insert({ id: 's3', name: 'same' })).rejects.toMatchObject({
          code: 'CONFLICT',
        });
        await expect(items.replace({ ...other, name: 'same' }, 1)).rejects.toMatchObject({
          code: 'CONFLICT',
        });
        expect(await items.count()).toBe(2);
        expect((await items.get('s2'))?.name).toBe('other');
      });

      it('when ensureIndexes runs twice, then the second run succeeds', async () => {
        const index = { collection: 'servers', name: 'servers_name', keys: { name: 1 } } as const;
        await current.store.ensureIndexes([index]);
        await expect(current.store.ensureIndexes([index])).resolves.toBeUndefined();
      });
    });

    describe('replace and delete', () => {
      it('when the rev matches, then replace stores the document with rev + 1', async () => {
        const stored = await items.insert({ id: 's1', name: 'one' });
        const replaced = await items.replace({ ...stored, name: 'two' }, 1);
        expect(replaced).toEqual({ id: 's1', name: 'two', rev: 2 });
        expect(await items.get('s1')).toEqual({ id: 's1', name: 'two', rev: 2 });
      });

      it('when the rev is stale, then replace rejects with VERSION_CONFLICT and keeps the stored one', async () => {
        const stored = await items.insert({ id: 's1', name: 'one' });
        await items.replace({ ...stored, name: 'two' }, 1);
        await expect(items.replace({ ...stored, name: 'three' }, 1)).rejects.toMatchObject({
          code: 'VERSION_CONFLICT',
        });
        expect(await items.get('s1')).toEqual({ id: 's1', name: 'two', rev: 2 });
      });

      it('when the document is missing, then replace rejects with NOT_FOUND', async () => {
        await expect(items.replace({ id: 'nope', name: 'x', rev: 1 }, 1)).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
        expect(await items.get('nope')).toBeUndefined();
      });

      const raceExpectation = options.racyRevChecks
        ? `the document ends at rev 2 holding one write whole (${options.racyRevChecks})`
        : 'exactly one wins';
      it(`when two replaces race on the same rev, then ${raceExpectation}`, async () => {
        const stored = await items.insert({ id: 's1', name: 'one' });
        const results = await Promise.allSettled([
          items.replace({ ...stored, name: 'left' }, 1),
          items.replace({ ...stored, name: 'right' }, 1),
        ]);
        const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.name] : []));
        const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
        if (!options.racyRevChecks) expect(won).toHaveLength(1);
        expect(won.length).toBeGreaterThanOrEqual(1);
        for (const reason of lost) expect(reason).toMatchObject({ code: 'VERSION_CONFLICT' });
        const final = await items.get('s1');
        expect(final?.rev).toBe(2);
        expect(won).toContain(final?.name);
      });

      it('when the rev matches, then delete removes the document', async () => {
        await items.insert({ id: 's1', name: 'one' });
        await items.delete('s1', 1);
        expect(await items.get('s1')).toBeUndefined();
      });

      it('when the document is missing, then delete rejects with NOT_FOUND', async () => {
        await expect(items.delete('nope', 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });

      it('when the rev is stale, then delete rejects with VERSION_CONFLICT and keeps it', async () => {
        const stored = await items.insert({ id: 's1', name: 'one' });
        await items.replace({ ...stored, name: 'two' }, 1);
        await expect(items.delete('s1', 1)).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
        expect((await items.get('s1'))?.rev).toBe(2);
      });
    });

    describe('insertMany', () => {
      it('when some ids exist or repeat, then the rest are stored and the duplicates reported', async () => {
        await items.insert({ id: 'e1', name: 'existing' });
        const result = await items.insertMany([
          { id: 'n1', name: 'new 1' },
          { id: 'e1', name: 'clash' },
          { id: 'n2', name: 'new 2' },
          { id: 'n2', name: 'repeat' },
        ]);
        expect(result.inserted).toBe(2);
        expect([...result.duplicates].sort()).toEqual(['e1', 'n2']);
        expect(ids(await items.find())).toEqual(['e1', 'n1', 'n2']);
        expect((await items.get('e1'))?.name).toBe('existing');
        expect(await items.get('n2')).toEqual({ id: 'n2', name: 'new 2', rev: 1 });
      });

      it('when the batch is empty, then nothing is stored', async () => {
        expect(await items.insertMany([])).toEqual({ inserted: 0, duplicates: [] });
        expect(await items.count()).toBe(0);
      });
    });

    describe('find and count', () => {
      const cases: [string, Parameters<DocumentCollection<Item>['find']>[0], string[]][] = [
        ['scalar equality', { name: 'beta' }, ['b']],
        ['equality on an array field (contains)', { tags: 'y' }, ['a', 'b']],
        ['in', { name: { in: ['alpha', 'gamma', 'zeta'] } }, ['a', 'c']],
        ['in on an array field (contains any)', { tags: { in: ['x', 'q'] } }, ['a']],
        ['a numeric range', { score: { gt: 5, lte: 15 } }, ['b', 'c', 'd']],
        ['a numeric lower bound', { score: { gte: 10 } }, ['b', 'c', 'd']],
        [
          'an ISO string range',
          { at: { gte: '2026-01-15T00:00:00.000Z', lt: '2026-03-01T00:00:00.000Z' } },
          ['b'],
        ],
        ['exists true', { owner: { exists: true } }, ['a', 'b', 'd']],
        ['exists false', { at: { exists: false } }, ['d']],
        ['a dotted path', { 'owner.team': 'red' }, ['a', 'd']],
        ['several conditions (AND)', { 'owner.team': 'red', score: { lt: 10 } }, ['a']],
        ['the id field', { id: { in: ['b', 'c'] } }, ['b', 'c']],
        ['no match', { name: 'nobody' }, []],
      ];
      for (const [label, filter, expected] of cases) {
        it(`when filtering by ${label}, then find and count return exactly the matches`, async () => {
          await seed();
          expect(ids(await items.find(filter))).toEqual(expected);
          expect(await items.count(filter)).toBe(expected.length);
        });
      }

      it('when no filter is given, then find returns all by id and count counts all', async () => {
        await seed();
        expect(ids(await items.find())).toEqual(['a', 'b', 'c', 'd']);
        expect(await items.count()).toBe(4);
      });

      it('when sorting asc or desc on a field with ties, then ties are broken by id in that direction', async () => {
        await seed();
        expect(ids(await items.find({}, { sort: { field: 'score', direction: 1 } }))).toEqual([
          'a',
          'b',
          'd',
          'c',
        ]);
        expect(ids(await items.find({}, { sort: { field: 'score', direction: -1 } }))).toEqual([
          'c',
          'd',
          'b',
          'a',
        ]);
        expect(
          ids(await items.find({}, { sort: { field: 'id', direction: -1 }, limit: 2 })),
        ).toEqual(['d', 'c']);
      });

      it('when sorting on a field some documents lack, then those come first ascending', async () => {
        await seed();
        expect(ids(await items.find({}, { sort: { field: 'at', direction: 1 } }))).toEqual([
          'd',
          'a',
          'b',
          'c',
        ]);
      });
    });

    describe('scan', () => {
      it('when scanning with a filter and sort, then it returns what find returns', async () => {
        await seed();
        const options = { sort: { field: 'score', direction: -1 as const }, limit: 3 };
        expect(await items.scan({ 'owner.team': { exists: true } }, options)).toEqual(
          await items.find({ 'owner.team': { exists: true } }, options),
        );
      });

      it('when a caller tries to change a scanned document, then the store is unchanged', async () => {
        await seed();
        const [first] = await items.scan({ id: 'a' });
        try {
          (first as { name: string }).name = 'mutated';
        } catch {
          // Adapters may hand out frozen documents; refusing the write is fine too.
        }
        expect((await items.get('a'))?.name).toBe('alpha');
      });
    });

    describe('page', () => {
      // 53 documents, a sort field with many ties, some null and some missing.
      const many: NewItem[] = Array.from({ length: 53 }, (_, i) => {
        const id = `doc-${String((i * 37) % 53).padStart(2, '0')}`;
        if (i % 11 === 0) return { id, name: id };
        return { id, name: id, group: i % 13 === 0 ? null : i % 4 };
      });
      const sorts: (SortSpec | undefined)[] = [
        undefined,
        { field: 'id', direction: -1 },
        { field: 'group', direction: 1 },
        { field: 'group', direction: -1 },
      ];
      for (const sort of sorts) {
        const label = sort
          ? `${sort.field} ${sort.direction === 1 ? 'asc' : 'desc'}`
          : 'the default sort';
        it(`when walking 53 documents 10 at a time by ${label}, then every document comes once in order`, async () => {
          expect(await items.insertMany(many)).toEqual({ inserted: 53, duplicates: [] });
          const seen = await walk(items, sort, 10);
          const byId = sort === undefined || sort.field === 'id';
          const all = byId
            ? ids(many.map((d) => ({ ...d, rev: 1 }))).sort()
            : expectedOrder(many, sort.direction);
          expect(seen).toEqual(byId && sort?.direction === -1 ? all.reverse() : all);
        });
      }

      it('when the last page is exactly full, then it has no next cursor', async () => {
        await items.insertMany(many.slice(0, 20));
        const first = await items.page({}, { limit: 10 });
        const second = await items.page({}, { limit: 10, cursor: first.nextCursor! });
        expect(second.items).toHaveLength(10);
        expect(second.nextCursor).toBeUndefined();
      });

      it('when a filter is given, then pages only hold matches', async () => {
        await items.insertMany(many);
        const page = await items.page({ group: 2 }, { limit: 100 });
        expect(page.items.length).toBeGreaterThan(0);
        expect(page.items.every((item) => item.group === 2)).toBe(true);
        expect(page.nextCursor).toBeUndefined();
      });

      it('when the cursor is malformed or foreign, then page rejects with VALIDATION_FAILED', async () => {
        await items.insertMany(many);
        const byGroup = await items.page({}, { limit: 5, sort: { field: 'group', direction: 1 } });
        const bad = [
          'not a cursor!',
          Buffer.from('{"not":"an array"}').toString('base64url'),
          Buffer.from('["group",1,{"$gt":1},"x"]').toString('base64url'),
          'x'.repeat(5000),
        ];
        for (const cursor of bad) {
          await expect(items.page({}, { limit: 5, cursor })).rejects.toMatchObject({
            code: 'VALIDATION_FAILED',
          });
        }
        // A cursor issued for another sort is foreign.
        await expect(
          items.page(
            {},
            { limit: 5, cursor: byGroup.nextCursor!, sort: { field: 'group', direction: -1 } },
          ),
        ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      });
    });
  });
}

import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createFileSnapshot,
  openSnapshottedMemoryStore,
} from '../../src/data-access/memory/file-snapshot.js';
import { createMemoryDocumentStore } from '../../src/data-access/memory/memory-document-store.js';
import type { StoredDocument } from '../../src/domain/ports/document-store.js';

type Doc = StoredDocument & Record<string, unknown>;

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'registry-snapshot-'));
  file = path.join(dir, 'registry.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createFileSnapshot', () => {
  it('when a store is changed, flushed and reopened, then the documents and revs come back', async () => {
    const first = await openSnapshottedMemoryStore({ file, debounceMs: 10_000 });
    const stored = await first.collection<Doc>('servers').insert({ id: 's1', name: 'one' });
    await first.collection<Doc>('servers').replace({ ...stored, name: 'two' }, 1);
    await first.collection<Doc>('agents').insert({ id: 'a1', team: 'red' });
    await first.close();

    const second = await openSnapshottedMemoryStore({ file, debounceMs: 10_000 });
    expect(await second.collection('servers').get('s1')).toEqual({ id: 's1', name: 'two', rev: 2 });
    expect(await second.collection('agents').find()).toEqual([{ id: 'a1', team: 'red', rev: 1 }]);
    await second.close();
  });

  it('when changes stop for the debounce time, then the file is written without a flush', async () => {
    const store = await openSnapshottedMemoryStore({ file, debounceMs: 20 });
    await store.collection('servers').insert({ id: 's1' });
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && !(await readdir(dir)).includes('registry.json')) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const saved = JSON.parse(await readFile(file, 'utf8')) as { collections: unknown };
    expect(saved.collections).toEqual({ servers: [{ id: 's1', rev: 1 }] });
    await store.close();
  });

  it('when written, then the file is private and no temp file is left', async () => {
    const store = await openSnapshottedMemoryStore({ file, debounceMs: 10_000 });
    for (let i = 0; i < 5; i += 1) await store.collection('servers').insert({ id: `s${i}` });
    await store.close();
    expect(await readdir(dir)).toEqual(['registry.json']);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('when the file does not exist, then restore starts empty and reports false', async () => {
    const store = createMemoryDocumentStore();
    expect(await createFileSnapshot(store, { file, debounceMs: 10 }).restore()).toBe(false);
    expect(store.dump()).toEqual({});
  });

  const corrupt: [string, string][] = [
    ['not JSON', '{"format": "mcpgw-registry-snapshot", '],
    ['another format', JSON.stringify({ format: 'other', version: 1, collections: {} })],
    [
      'an unknown collection',
      JSON.stringify({
        format: 'mcpgw-registry-snapshot',
        version: 1,
        collections: { __proto__x: [] },
      }),
    ],
    [
      'a document without rev',
      JSON.stringify({
        format: 'mcpgw-registry-snapshot',
        version: 1,
        collections: { servers: [{ id: 's1' }] },
      }),
    ],
    [
      'a repeated id',
      JSON.stringify({
        format: 'mcpgw-registry-snapshot',
        version: 1,
        collections: {
          servers: [
            { id: 's1', rev: 1 },
            { id: 's1', rev: 2 },
          ],
        },
      }),
    ],
  ];
  for (const [label, text] of corrupt) {
    it(`when the file holds ${label}, then opening fails naming the file and the file is kept`, async () => {
      await writeFile(file, text);
      await expect(openSnapshottedMemoryStore({ file, debounceMs: 10 })).rejects.toThrow(file);
      expect(await readFile(file, 'utf8')).toBe(text);
    });
  }

  it('when the directory is not writable, then flush rejects and a later flush retries', async () => {
    const store = createMemoryDocumentStore();
    const snapshot = createFileSnapshot(store, {
      file: path.join(dir, 'missing', 'x.json'),
      debounceMs: 10_000,
    });
    await store.collection('servers').insert({ id: 's1' });
    snapshot.schedule();
    await expect(snapshot.flush()).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(snapshot.flush()).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

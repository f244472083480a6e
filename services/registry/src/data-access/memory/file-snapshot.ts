import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { appError } from '@mcpgw/errors';
import {
  COLLECTION_NAMES,
  type DocumentStore,
  type StoredDocument,
} from '../../domain/ports/document-store.js';
import { createMemoryDocumentStore } from './memory-document-store.js';

type Rows = Record<string, (Record<string, unknown> & StoredDocument)[]>;

/** What a snapshot needs from the memory adapter. */
export interface SnapshotSource {
  dump(): Rows;
  load(data: Rows): void;
}

export interface FileSnapshot {
  /** Loads the file into the store if it exists; a corrupt file throws, naming the file. */
  restore(): Promise<boolean>;
  /** Call on every change (the memory adapter's `onChange`); writes after `debounceMs`. */
  schedule(): void;
  /** Writes now if anything changed since the last write; for shutdown. Throws if it fails. */
  flush(): Promise<void>;
}

const FORMAT = 'mcpgw-registry-snapshot';
const VERSION = 1;

function corrupt(file: string, why: string, cause?: unknown): Error {
  return appError('CONFIG_INVALID', `Snapshot file ${file} is unreadable: ${why}.`, { cause });
}

function isRow(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { id, rev } = value as Record<string, unknown>;
  return typeof id === 'string' && id !== '' && Number.isInteger(rev) && (rev as number) >= 1;
}

/** Checks the shape so a damaged file stops the start instead of becoming an empty registry. */
export function parseSnapshot(text: string, file: string): Rows {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw corrupt(file, 'not valid JSON', err);
  }
  const { format, version, collections } = (parsed ?? {}) as Record<string, unknown>;
  if (format !== FORMAT || version !== VERSION) throw corrupt(file, `not a ${FORMAT} v${VERSION}`);
  if (typeof collections !== 'object' || collections === null || Array.isArray(collections)) {
    throw corrupt(file, 'collections is not an object');
  }
  for (const [name, rows] of Object.entries(collections)) {
    if (!(COLLECTION_NAMES as readonly string[]).includes(name)) {
      throw corrupt(file, `unknown collection "${name.slice(0, 40)}"`);
    }
    if (!Array.isArray(rows) || !rows.every(isRow)) {
      throw corrupt(file, `collection ${name} holds a document without a string id and rev`);
    }
    const ids = new Set(rows.map((row: StoredDocument) => row.id));
    if (ids.size !== rows.length) throw corrupt(file, `collection ${name} repeats an id`);
  }
  return collections as Rows;
}

// Temp file in the same directory, so the rename is atomic; fsync before it, so a crash leaves
// the old snapshot or the new one, never a torn file. 0600: the registry's data is not public.
async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw corrupt(file, (err as NodeJS.ErrnoException).code ?? 'read failed', err);
  }
}

/**
 * Write-behind persistence of the memory adapter to one JSON file. A failed background write is
 * reported to `onError` and retried on the next change or flush, so it is never lost silently.
 */
export function createFileSnapshot(
  store: SnapshotSource,
  options: { file: string; debounceMs: number; onError?: (error: unknown) => void },
): FileSnapshot {
  const { file, debounceMs } = options;
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  // Chained so two writes never race on the rename; each writes the state when it starts.
  function write(): Promise<void> {
    const next = writing.then(async () => {
      if (!dirty) return;
      dirty = false;
      const text = JSON.stringify({ format: FORMAT, version: VERSION, collections: store.dump() });
      try {
        await writeAtomically(file, text);
      } catch (err) {
        dirty = true;
        throw err;
      }
    });
    writing = next.catch(() => undefined);
    return next;
  }

  return {
    async restore() {
      const text = await readIfPresent(file);
      if (text === undefined) return false;
      store.load(parseSnapshot(text, file));
      return true;
    },
    schedule() {
      dirty = true;
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        write().catch((err: unknown) => options.onError?.(err));
      }, debounceMs);
      // Shutdown calls flush(); a pending write alone must not keep the process alive.
      timer.unref();
    },
    flush() {
      clearTimeout(timer);
      timer = undefined;
      return write();
    },
  };
}

/**
 * The memory adapter persisted to `file`: restored now, written behind on change, flushed by
 * `close()`. What main.ts uses when REGISTRY_MEMORY_SNAPSHOT_FILE is set.
 */
export async function openSnapshottedMemoryStore(options: {
  file: string;
  debounceMs: number;
  onError?: (error: unknown) => void;
}): Promise<DocumentStore> {
  // The store needs the snapshot for onChange and the snapshot needs the store: tie the knot
  // through a holder. restore() uses load(), which does not fire onChange.
  const holder: { snapshot?: FileSnapshot } = {};
  const store = createMemoryDocumentStore({ onChange: () => holder.snapshot?.schedule() });
  const snapshot = createFileSnapshot(store, options);
  holder.snapshot = snapshot;
  await snapshot.restore();
  return {
    ...store,
    async close() {
      await snapshot.flush();
      await store.close();
    },
  };
}

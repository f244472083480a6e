import type { Db, CreateIndexesOptions } from 'mongodb';
import { appError } from '@mcpgw/errors';
import { validateIndexSpecs, type IndexSpec } from './index-spec.js';

// NamespaceExists: another task created the collection between our list and create.
const NAMESPACE_EXISTS = 48;

/**
 * Creates the indexes that are missing, by explicit name, and the collections they live on
 * (listIndexes fails on a missing collection in FerretDB). Safe to run on every start and from
 * several tasks at once. Returns index names: those created now and those already present.
 * An existing index with the same name but other keys or options is a CONFLICT, never silently
 * replaced.
 */
export async function ensureIndexes(
  db: Db,
  specs: readonly IndexSpec[],
): Promise<{ created: string[]; existing: string[] }> {
  const problems = validateIndexSpecs(specs);
  if (problems.length > 0) {
    throw appError('CONFIG_INVALID', `Invalid index specs: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
  await ensureCollections(db, new Set(specs.map((spec) => spec.collection)));
  const created: string[] = [];
  const existing: string[] = [];
  for (const spec of specs) {
    const collection = db.collection(spec.collection);
    const current = (await collection.listIndexes().toArray()).find((i) => i.name === spec.name);
    if (current === undefined) {
      await collection.createIndex(spec.keys, createOptions(spec));
      created.push(spec.name);
    } else {
      assertSameIndex(spec, current);
      existing.push(spec.name);
    }
  }
  return { created, existing };
}

async function ensureCollections(db: Db, names: ReadonlySet<string>): Promise<void> {
  const present = new Set(
    (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name),
  );
  for (const name of names) {
    if (present.has(name)) continue;
    try {
      await db.createCollection(name);
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === NAMESPACE_EXISTS)) throw err;
    }
  }
}

function createOptions(spec: IndexSpec): CreateIndexesOptions {
  const options: CreateIndexesOptions = { name: spec.name };
  if (spec.unique === true) options.unique = true;
  if (spec.sparse === true) options.sparse = true;
  if (spec.expireAfterSeconds !== undefined) options.expireAfterSeconds = spec.expireAfterSeconds;
  return options;
}

/** Exported for tests: compares a spec with an index description from listIndexes. */
export function indexDiffers(spec: IndexSpec, current: Record<string, unknown>): string[] {
  const differences: string[] = [];
  const currentKeys = Object.entries((current.key ?? {}) as Record<string, unknown>);
  const wantedKeys = Object.entries(spec.keys);
  const sameKeys =
    currentKeys.length === wantedKeys.length &&
    wantedKeys.every(([field, dir], i) => {
      const entry = currentKeys[i];
      return entry !== undefined && entry[0] === field && Number(entry[1]) === dir;
    });
  if (!sameKeys) differences.push('keys');
  if ((current.unique === true) !== (spec.unique === true)) differences.push('unique');
  if ((current.sparse === true) !== (spec.sparse === true)) differences.push('sparse');
  if (current.expireAfterSeconds !== spec.expireAfterSeconds) {
    differences.push('expireAfterSeconds');
  }
  return differences;
}

function assertSameIndex(spec: IndexSpec, current: Record<string, unknown>): void {
  const differences = indexDiffers(spec, current);
  if (differences.length > 0) {
    throw appError(
      'CONFLICT',
      `Index ${spec.collection}.${spec.name} exists with different ${differences.join(', ')}; drop it or rename the spec.`,
      { details: { collection: spec.collection, index: spec.name, differences } },
    );
  }
}

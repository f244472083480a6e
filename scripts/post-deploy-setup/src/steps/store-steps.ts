import type { Db } from 'mongodb';
import { ensureIndexes, type IndexSpec } from '@mcpgw/mongo';
import { REGISTRY_INDEXES } from '@mcpgw/registry/dist/domain/indexes.js';
import { mongoPath } from '@mcpgw/registry/dist/data-access/mongo/field-path.js';
import { toRow, type MongoRow } from '@mcpgw/registry/dist/data-access/mongo/map-document.js';
import { passed, type Step } from '../step.js';

const SEEDED_BY = 'post-deploy-setup';
const DUPLICATE_KEY = 11000;

/** The registry's index definitions as @mcpgw/mongo specs (same mapping as its store adapter). */
export function registryIndexSpecs(): IndexSpec[] {
  return REGISTRY_INDEXES.map((index) => ({
    collection: index.collection,
    name: index.name,
    keys: Object.fromEntries(Object.entries(index.keys).map(([f, d]) => [mongoPath(f), d])),
    ...(index.unique === true ? { unique: true } : {}),
  }));
}

async function missingIndexes(db: Db, specs: readonly IndexSpec[]): Promise<string[]> {
  const collections = new Set(
    (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name),
  );
  const missing: string[] = [];
  for (const spec of specs) {
    const names = collections.has(spec.collection)
      ? (await db.collection(spec.collection).listIndexes().toArray()).map((i) => i.name as string)
      : [];
    if (!names.includes(spec.name)) missing.push(spec.name);
  }
  return missing;
}

export const indexesStep: Step = {
  name: 'indexes',
  title: 'registry DocumentDB indexes',
  async run(ctx, state) {
    const { db } = await state.mongo();
    const specs = registryIndexSpecs();
    if (ctx.dryRun) {
      const missing = await missingIndexes(db, specs);
      return passed(missing.length > 0 ? 'created' : 'unchanged', `${missing.length} to create`);
    }
    const { created, existing } = await ensureIndexes(db, specs);
    return passed(
      created.length > 0 ? 'created' : 'unchanged',
      `${created.length} created, ${existing.length} present`,
    );
  },
};

/** Inserts the document unless one with its id exists; never overwrites (idempotent by id). */
async function insertIfAbsent(
  db: Db,
  collection: string,
  doc: { id: string } & object,
  dryRun: boolean,
): Promise<boolean> {
  const rows = db.collection<MongoRow>(collection);
  if ((await rows.findOne({ _id: doc.id }, { projection: { _id: 1 } })) !== null) return false;
  if (dryRun) return true;
  try {
    await rows.insertOne(toRow(doc, 1));
    return true;
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === DUPLICATE_KEY) return false;
    throw err;
  }
}

export const seedStep: Step = {
  name: 'seed',
  title: 'seed scopes and policies into the registry store',
  async run(ctx, state) {
    const seed = await state.seed();
    const { db } = await state.mongo();
    const now = new Date().toISOString();
    const stamp = { createdBy: SEEDED_BY, createdAt: now, updatedAt: now };
    let scopes = 0;
    let policies = 0;
    for (const scope of seed.scopes) {
      const doc = { id: scope.id, description: scope.description, ...stamp };
      if (await insertIfAbsent(db, 'scopes', doc, ctx.dryRun)) scopes += 1;
    }
    for (const policy of seed.policies) {
      const doc = { id: policy.id, rule: { ...policy }, ...stamp };
      if (await insertIfAbsent(db, 'policies', doc, ctx.dryRun)) policies += 1;
    }
    const change = scopes + policies > 0 ? 'created' : 'unchanged';
    return passed(change, `${scopes} scopes, ${policies} policies new`);
  },
};

// Registry read-path benchmark (not a test): seeds the in-memory store and prints latencies
// next to the PERFORMANCE.md targets. Runs against compiled output: `npx tsc -b` first.
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { createBaseApp } from '@mcpgw/http';
import { createLogger } from '@mcpgw/logger';
import { connectMongo } from '@mcpgw/mongo';
import { createMemoryDocumentStore } from '../../services/registry/dist/data-access/memory/memory-document-store.js';
import { createMirroredStore } from '../../services/registry/dist/data-access/mirror/mirrored-store.js';
import { createMongoDocumentStore } from '../../services/registry/dist/data-access/mongo/mongo-document-store.js';
import { REGISTRY_INDEXES } from '../../services/registry/dist/domain/indexes.js';
import { createAuditLog } from '../../services/registry/dist/domain/audit/audit-log.js';
import { createChangeNotifier } from '../../services/registry/dist/domain/registry-context.js';
import { loadCatalogView } from '../../services/registry/dist/domain/search/catalog-view.js';
import { searchCatalog } from '../../services/registry/dist/domain/search/search-catalog.js';
import { buildSnapshot } from '../../services/registry/dist/domain/snapshot/build-snapshot.js';
import { createSnapshotCache } from '../../services/registry/dist/domain/snapshot/snapshot-cache.js';
import { mountRegistryApi } from '../../services/registry/dist/http/mount-api.js';
import { snapshotRoute } from '../../services/registry/dist/http/distribution/snapshot-route.js';

const SERVERS = 2_000;
const TOOLS = 20;
const WORDS = ['account', 'invoice', 'ledger', 'ticket', 'order', 'customer', 'report', 'user'];
const VERBS = ['get', 'list', 'search', 'create', 'update', 'delete', 'export', 'sync'];

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
async function timeMany(n, fn) {
  const samples = [];
  for (let i = 0; i < n; i += 1) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b);
}
const ms = (value) => `${value.toFixed(2)} ms`;

function tool(s, t) {
  const name = `${VERBS[t % VERBS.length]}_${WORDS[(s + t) % WORDS.length]}_${t}`;
  const hash = `sha256:${s}-${t}`;
  const inputSchema = { type: 'object', properties: { id: { type: 'string' } } };
  const body = { name, description: `Does ${name} for system ${s}`, inputSchema };
  return {
    kind: 'tool',
    name,
    body,
    hash,
    pinnedHash: hash,
    findings: [],
    requiredScopes: ['x.read'],
  };
}

async function seed(store) {
  // An hour ago, as a catalog written earlier would be: a future stamp would keep every
  // document inside the mirror's incremental sync window.
  const at = new Date(Date.now() - 3_600_000).toISOString();
  for (let s = 0; s < SERVERS; s += 1) {
    const id = `srv-${String(s).padStart(4, '0')}`;
    await store.collection('servers').insert({
      id,
      name: `${WORDS[s % WORDS.length]} service ${s}`,
      description: `Handles ${WORDS[(s * 3) % WORDS.length]} data`,
      capability: WORDS[s % WORDS.length],
      ownerTeam: `team-${s % 20}`,
      technicalOwner: 'x',
      environments: ['dev', 'prod'],
      tags: [WORDS[(s + 1) % WORDS.length]],
      riskLevel: ['low', 'medium', 'high'][s % 3],
      dataClassification: 'internal',
      credentialRefs: [],
      healthCheck: { intervalSeconds: 60, timeoutMs: 5000, failureThreshold: 3 },
      createdBy: 'bench',
      createdAt: at,
      updatedAt: at,
    });
    await store.collection('server_versions').insert({
      id: `${id}@1.0.0`,
      serverId: id,
      version: '1.0.0',
      url: `https://${id}.example.com/mcp`,
      transport: 'streamable-http',
      status: 'approved_prod',
      approvedFor: ['dev', 'prod'],
      history: [],
      definitions: Array.from({ length: TOOLS }, (_, t) => tool(s, t)),
      createdBy: 'bench',
      createdAt: at,
      updatedAt: at,
    });
  }
}

/** `--mongo-uri <uri>` benches the MongoDB-wire adapter (e.g. FerretDB from the test env). */
async function openBenchStore() {
  const at = process.argv.indexOf('--mongo-uri');
  if (at < 0) {
    const store = createMemoryDocumentStore();
    return { store, label: 'memory', drop: async (outer) => (outer ?? store).close() };
  }
  const uri = process.argv[at + 1];
  if (!uri) throw new Error('--mongo-uri needs a value');
  const dbName = `bench_registry_${process.pid}`;
  const connection = await connectMongo({ uri, dbName, appName: 'registry-bench' });
  const store = createMongoDocumentStore(connection);
  await store.ensureIndexes(REGISTRY_INDEXES);
  return {
    store,
    label: 'mongo-wire',
    // `outer` is the mirror when there is one: closing it closes the store too.
    drop: async (outer) => {
      await connection.db.dropDatabase();
      await (outer ?? store).close();
    },
  };
}

/**
 * `--mirror` reads through the read mirror (data-access/mirror), as main.ts does for the mongo
 * store: the catalog is seeded first, as another task would have written it, then loaded once.
 */
async function openMirror(inner, ctxBase) {
  const mirror = createMirroredStore(inner, {
    syncMs: 3_600_000, // passes are timed by hand below
    fullResyncMs: 3_600_000,
    clock: ctxBase.clock,
    logger: ctxBase.logger,
    changes: ctxBase.changes,
  });
  const start = performance.now();
  await mirror.start();
  console.log(
    `mirror load       ${ms(performance.now() - start)}  (once at start; readiness waits)`,
  );
  const idle = await timeMany(5, () => mirror.syncNow());
  console.log(
    `mirror sync idle  p50 ${ms(percentile(idle, 0.5))}  (incremental pass, nothing new)`,
  );
  // 20 versions changed by "another task", straight into the database.
  const versions = inner.collection('server_versions');
  const changed = await versions.find({}, { limit: 20 });
  const updatedAt = new Date().toISOString();
  for (const doc of changed) await versions.replace({ ...doc, updatedAt }, doc.rev);
  const busyStart = performance.now();
  await mirror.syncNow();
  console.log(
    `mirror sync 20    ${ms(performance.now() - busyStart)}  (incremental pass, 20 changed)`,
  );
  return mirror;
}

async function main() {
  const { store: inner, label, drop } = await openBenchStore();
  const mirrored = process.argv.includes('--mirror');
  const clock = { now: () => new Date() };
  const logger = createLogger({
    service: 'bench',
    level: 'error',
    stream: new Writable({ write: (_c, _e, cb) => cb() }),
  });
  const changes = createChangeNotifier();
  await seed(inner);
  console.log(
    `seeded ${SERVERS} servers x ${TOOLS} tools (${label} store${mirrored ? ', mirrored' : ''})`,
  );
  const store = mirrored ? await openMirror(inner, { clock, logger, changes }) : inner;
  const ctx = {
    store,
    clock,
    audit: createAuditLog({ store, clock, instance: 'bench' }),
    changes,
    logger,
  };

  const view = await loadCatalogView(ctx);
  const queries = [
    'ledger',
    'search acc',
    'invoice export',
    'customer report sync',
    'srv',
    'delete_order',
  ];
  const search = await timeMany(600, (i) =>
    searchCatalog(view, queries[i % queries.length], 20, 'catalog'),
  );
  console.log(
    `search            p50 ${ms(percentile(search, 0.5))}  p95 ${ms(percentile(search, 0.95))}  (target p95 <= 20 ms)`,
  );

  const servers = store.collection('servers');
  const list = await timeMany(300, (i) =>
    servers.page({ ownerTeam: `team-${i % 20}`, riskLevel: 'high' }, { limit: 20 }),
  );
  console.log(`list+filters      p95 ${ms(percentile(list, 0.95))}`);

  const build = await timeMany(5, () => buildSnapshot(ctx, 'prod'));
  console.log(`snapshot build    p50 ${ms(percentile(build, 0.5))}  (target <= 250 ms)`);

  const snapshots = createSnapshotCache(ctx, { environments: ['prod'], refreshMs: 3_600_000 });
  const entry = await snapshots.get('prod');
  console.log(`snapshot size     ${(entry.json.length / 1024 / 1024).toFixed(1)} MiB`);
  const cacheBuild = await timeMany(3, () => snapshots.refresh());
  console.log(
    `cache rebuild     p50 ${ms(percentile(cacheBuild, 0.5))}  (build + schema check + ETag + policy compile)`,
  );

  // Real HTTP through the registry's router and role check; token verification is stubbed so
  // the number is the snapshot path, not JWT signature checking.
  const principal = {
    issuer: 'bench',
    subject: 'sa-gw',
    clientId: 'mcp-gateway',
    groups: [],
    scopes: [],
    roles: [],
    expiresAt: Infinity,
    claims: { preferred_username: 'service-account-mcp-gateway' },
  };
  const base = createBaseApp({ service: 'registry', logger });
  mountRegistryApi(base.app, {
    verifier: { verify: async () => principal },
    routes: [snapshotRoute(snapshots)],
    gatewayClientIds: ['mcp-gateway'],
    version: 'bench',
  });
  base.finalize();
  const server = await new Promise((resolve) => {
    const s = base.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${server.address().port}/internal/v1/snapshot?environment=prod`;
  const headers = { authorization: 'Bearer x', 'if-none-match': entry.etag };
  const notModified = await timeMany(500, async () => {
    const res = await fetch(url, { headers });
    if (res.status !== 304) throw new Error(`expected 304, got ${res.status}`);
    await res.arrayBuffer();
  });
  console.log(
    `snapshot 304      p50 ${ms(percentile(notModified, 0.5))}  p95 ${ms(percentile(notModified, 0.95))}  (target <= 2 ms)`,
  );
  snapshots.stop();
  await new Promise((resolve) => server.close(resolve));
  await drop(mirrored ? store : undefined);
}

await main();

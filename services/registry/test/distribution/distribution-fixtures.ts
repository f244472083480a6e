import { Writable } from 'node:stream';
import { createLogger } from '@mcpgw/logger';
import { createAuditLog } from '../../src/domain/audit/audit-log.js';
import { createMemoryDocumentStore } from '../../src/data-access/memory/memory-document-store.js';
import type { Agent } from '../../src/domain/model/agent.js';
import type { LifecycleStatus } from '../../src/domain/model/lifecycle.js';
import type { PolicyRecord } from '../../src/domain/model/policy-record.js';
import type { Server } from '../../src/domain/model/server.js';
import type { Definition, ServerVersion } from '../../src/domain/model/server-version.js';
import type { DocumentStore } from '../../src/domain/ports/document-store.js';
import { createChangeNotifier, type RegistryContext } from '../../src/domain/registry-context.js';
import { createCatalogViewCache } from '../../src/domain/search/catalog-view.js';
import { createSnapshotCache } from '../../src/domain/snapshot/snapshot-cache.js';
import { distributionRoutes } from '../../src/http/distribution/distribution-routes.js';
import { startRegistryHarness, type RegistryHarness } from '../support/registry-harness.js';

export const NOW = new Date('2030-01-15T12:00:00.000Z');
export const FUTURE = '2030-06-01T00:00:00.000Z';
export const PAST = '2029-12-01T00:00:00.000Z';

export function testContext(store: DocumentStore = createMemoryDocumentStore()): RegistryContext {
  const clock = { now: () => NOW };
  const silent = new Writable({ write: (_c, _e, cb) => cb() });
  return {
    store,
    clock,
    audit: createAuditLog({ store, clock, instance: 'distribution-test' }),
    changes: createChangeNotifier(),
    logger: createLogger({ service: 'registry-test', level: 'error', stream: silent }),
  };
}

export function pinnedTool(name: string, extra: Partial<Definition> = {}): Definition {
  const hash = `sha256:${name}`;
  return {
    kind: 'tool',
    name,
    body: { name, description: `${name} tool`, inputSchema: { type: 'object' } },
    hash,
    pinnedHash: hash,
    findings: [],
    requiredScopes: [],
    ...extra,
  };
}

export async function seedServer(store: DocumentStore, id: string, extra: Partial<Server> = {}) {
  await store.collection<Server>('servers').insert({
    id,
    name: `${id} server`,
    description: `The ${id} system`,
    capability: 'misc',
    ownerTeam: 'crm',
    technicalOwner: 'carol@example.com',
    environments: ['dev', 'prod'],
    tags: [],
    riskLevel: 'low',
    dataClassification: 'internal',
    credentialRefs: [],
    healthCheck: { intervalSeconds: 60, timeoutMs: 5000, failureThreshold: 3 },
    createdBy: 'u-admin',
    createdAt: PAST,
    updatedAt: PAST,
    ...extra,
  });
}

export async function seedVersion(
  store: DocumentStore,
  serverId: string,
  version: string,
  status: LifecycleStatus,
  extra: Partial<ServerVersion> = {},
) {
  await store.collection<ServerVersion>('server_versions').insert({
    id: `${serverId}@${version}`,
    serverId,
    version,
    url: `https://${serverId}.example.com/mcp`,
    transport: 'streamable-http',
    status,
    approvedFor:
      status === 'approved_prod' ? ['dev', 'prod'] : status === 'approved_dev' ? ['dev'] : [],
    history: [],
    definitions: [pinnedTool('ping')],
    createdBy: 'u-admin',
    createdAt: PAST,
    updatedAt: PAST,
    ...extra,
  });
}

export async function seedPolicy(
  store: DocumentStore,
  rule: Record<string, unknown> & { id: string },
) {
  await store.collection<PolicyRecord>('policies').insert({
    id: rule.id,
    rule,
    createdBy: 'u-admin',
    createdAt: PAST,
    updatedAt: PAST,
  });
}

export async function seedAgent(store: DocumentStore, id: string, extra: Partial<Agent> = {}) {
  await store.collection<Agent>('agents').insert({
    id,
    owner: 'u-admin',
    team: 'crm',
    description: 'test agent',
    environments: ['dev', 'staging', 'prod'],
    grantedScopes: [],
    versionPins: {},
    status: 'active',
    createdBy: 'u-admin',
    createdAt: PAST,
    updatedAt: PAST,
    ...extra,
  });
}

export interface Distribution {
  readonly h: RegistryHarness;
  /** Rebuilds the in-memory snapshot and catalog view after a test seeded data. */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

/** Harness with the distribution routes; `seed` runs on the store before the caches' first build. */
export async function startDistribution(
  seed: (store: DocumentStore) => Promise<void> = async () => {},
): Promise<Distribution> {
  const store = createMemoryDocumentStore();
  await seed(store);
  let stop = () => {};
  let refresh = async () => {};
  const h = await startRegistryHarness({
    store,
    clock: { now: () => NOW },
    routes: (ctx) => {
      const snapshots = createSnapshotCache(ctx, {
        environments: ['dev', 'prod'],
        refreshMs: 60_000,
      });
      const catalog = createCatalogViewCache(ctx, { refreshMs: 60_000 });
      stop = () => {
        snapshots.stop();
        catalog.stop();
      };
      refresh = async () => {
        await Promise.all([snapshots.refresh(), catalog.refresh()]);
      };
      return distributionRoutes(ctx, {
        snapshots,
        catalog,
        namespace: 'com.example.mcp',
        policyEnvironmentDefault: 'prod',
        netPolicy: {},
      });
    },
  });
  return {
    h,
    refresh: () => refresh(),
    async close() {
      stop();
      await h.close();
    },
  };
}

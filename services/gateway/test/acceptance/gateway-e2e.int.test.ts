import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startHttpServer, type RunningServer } from '@mcpgw/http';
import { createCachingVerifier, createGroupMapper, createTokenVerifier } from '@mcpgw/identity';
import { createLogger } from '@mcpgw/logger';
import {
  connectAgent,
  startSampleMcpServer,
  startServerEverything,
  type AgentClient,
  type AgentEra,
  type SampleMcpServer,
  type ServerEverything,
} from '@mcpgw/mcp';
import { connectMongo, ensureIndexes, type MongoConnection } from '@mcpgw/mongo';
import { createGuardedDispatcher } from '@mcpgw/net-guard';
import type { NetGuardPolicy } from '@mcpgw/net-guard';
import { gatewaySnapshotSchema, type GatewaySnapshot } from '@mcpgw/snapshot';
import {
  getFreePort,
  loadTestEnv,
  startLocalIssuer,
  uniqueName,
  type LocalIssuer,
  type TestEnv,
} from '@mcpgw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The registry, composed as its main.ts composes it.
import { createApp as createRegistryApp } from '../../../registry/src/app.js';
import { configSchema as registryConfigSchema } from '../../../registry/src/config.js';
import { openStore } from '../../../registry/src/data-access/open-store.js';
import { createAuditLog } from '../../../registry/src/domain/audit/audit-log.js';
import { seedSampleServer } from '../../../registry/src/domain/dev/seed-sample-server.js';
import { createVersionDiscovery } from '../../../registry/src/domain/discovery/create-version-discovery.js';
import { REGISTRY_INDEXES } from '../../../registry/src/domain/indexes.js';
import type { DocumentStore } from '../../../registry/src/domain/ports/document-store.js';
import { systemClock } from '../../../registry/src/domain/ports/clock.js';
import {
  createChangeNotifier,
  type RegistryContext,
} from '../../../registry/src/domain/registry-context.js';
import {
  createCatalogViewCache,
  type CatalogViewCache,
} from '../../../registry/src/domain/search/catalog-view.js';
import {
  createSnapshotCache,
  type SnapshotCache,
} from '../../../registry/src/domain/snapshot/snapshot-cache.js';
// The gateway, composed as its main.ts composes it.
import { createApp } from '../../src/app.js';
import { configSchema, type GatewayConfig } from '../../src/config.js';
import { AUDIT_INDEXES } from '../../src/data-access/audit-indexes.js';
import { readAuditEvents } from '../../src/data-access/mongo-audit-reader.js';
import { createMongoAuditSink } from '../../src/data-access/mongo-audit-sink.js';
import { createRegistryApprovals } from '../../src/data-access/registry-approvals.js';
import { createRegistrySnapshotSource } from '../../src/data-access/registry-snapshot-source.js';
import { createAwsSecretSource } from '../../src/data-access/secrets/aws-secret-source.js';
import {
  createEnvFileSecretSource,
  createRoutingSecretSource,
} from '../../src/data-access/secrets/env-file-secret-source.js';
import { registerStateMetrics } from '../../src/data-access/state-metrics.js';
import { registerCircuitMetrics } from '../../src/data-access/upstream/circuit-metrics.js';
import { createUpstreamPool } from '../../src/data-access/upstream/upstream-pool.js';
import { createApprovalGate } from '../../src/domain/approvals/approval-gate.js';
import { createAuditEmitter, type AuditEmitter } from '../../src/domain/audit/audit-emitter.js';
import { auditReadinessCheck } from '../../src/domain/audit/audit-readiness.js';
import type { AuditEvent } from '../../src/domain/audit/audit-event.js';
import { verifyAuditChain, type ChainedRecord } from '../../src/domain/audit/verify-audit-chain.js';
import { createLimiter } from '../../src/domain/limits/limiter.js';
import { createOutputValidator } from '../../src/domain/output/output-validator.js';
import { createCircuitBreakers } from '../../src/domain/resilience/circuit-breaker.js';
import { createUpstreamResilience } from '../../src/domain/resilience/upstream-resilience.js';
import { compileServingState } from '../../src/domain/serving/compile-serving-state.js';
import {
  createSnapshotClient,
  type SnapshotClient,
} from '../../src/domain/snapshot/snapshot-client.js';
import { snapshotReadinessCheck } from '../../src/domain/snapshot/snapshot-readiness.js';
import type { ServingState } from '../../src/domain/serving/serving-types.js';
import { ownFerretDb, runNodeCli, waitUntil, type OwnFerretDb } from './support/processes.js';

/*
 * Acceptance test of issue 4, end to end with real pieces only: a registry (memory store) that
 * discovers, reviews and approves the sample CRM server and server-everything; a gateway polling
 * the registry's snapshot with its service token, writing audit events to a FerretDB of its own,
 * resolving an upstream credential from moto's Secrets Manager; real SDK agents of both eras and
 * the MCP Inspector CLI calling tools through it. Then the registry and the audit database are
 * taken down under it. loadTestEnv() throws when the environment is down: this suite fails, it
 * never skips.
 */

const ENVIRONMENT = 'dev';
const GATEWAY_CLIENT_ID = 'mcp-gateway';
const SAMPLE = 'acme-crm';
const EVERYTHING = 'everything';
const AUDIT_BUFFER_LIMIT = 1000;
/** Kept short so the test sees readiness flip; main.ts leaves the emitter's 30 s default. */
const SINK_FAILURE_THRESHOLD_MS = 1500;
const SNAPSHOT_POLL_MS = 200;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads arbitrary JSON bodies
type Json = any;

/** Identities in tokens from the local issuer; groups as Keycloak writes them. */
const PERSONAS = {
  admin: { sub: 'u-admin', preferred_username: 'alice', groups: ['/platform-admins'] },
  reviewer: { sub: 'u-rev', preferred_username: 'rita', groups: ['/security-reviewers'] },
  crmOwner: { sub: 'u-crm', preferred_username: 'carol', groups: ['/team-crm'] },
  gateway: {
    sub: 'sa-gateway',
    preferred_username: `service-account-${GATEWAY_CLIENT_ID}`,
    client_id: GATEWAY_CLIENT_ID,
  },
} as const;
type Persona = keyof typeof PERSONAS;

/** Collects a component's JSON log lines, so assertions can read them. */
function lineSink(lines: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
}

const registryLog: string[] = [];
const gatewayLog: string[] = [];
/** What the gateway's audit emitter printed: one JSON event per line. */
const auditStdout: string[] = [];

let env: TestEnv;
let issuer: LocalIssuer | undefined;
let sample: SampleMcpServer | undefined;
let everything: ServerEverything | undefined;
let auditDb: OwnFerretDb | undefined;
let secretArn = '';

let registryStore: DocumentStore | undefined;
let registrySnapshots: SnapshotCache | undefined;
let registryCatalog: CatalogViewCache | undefined;
let registry: RunningServer | undefined;
let registryUrl = '';

let gatewayConfig: GatewayConfig;
let gateway: RunningServer | undefined;
let gatewayUrl = '';
let gatewayAudit: AuditEmitter | undefined;
let gatewayMongo: MongoConnection | undefined;
let snapshots: SnapshotClient<GatewaySnapshot, ServingState> | undefined;
let gatewayClosers: Array<() => Promise<void>> = [];
/** A read-only connection of the test's own to the gateway's audit database. */
let auditReader: MongoConnection | undefined;
const agents: AgentClient[] = [];

// ---------------------------------------------------------------------------------------------
// Registry: the composition of services/registry/src/main.ts (memory store, no timers).

async function startRegistry(): Promise<void> {
  if (!issuer || !sample) throw new Error('issuer and sample server first');
  const config = registryConfigSchema.parse({
    REGISTRY_STORE: 'memory',
    REGISTRY_OIDC_ISSUER: issuer.issuer,
    REGISTRY_OIDC_JWKS_URI: issuer.jwksUri,
    REGISTRY_TOKEN_AUDIENCES: issuer.audience,
    REGISTRY_GROUP_ROLE_MAP: JSON.stringify({
      'platform-admins': ['platform-admin'],
      'security-reviewers': ['security-reviewer'],
      'team-crm': ['server-owner:crm'],
    }),
    REGISTRY_GATEWAY_CLIENT_IDS: GATEWAY_CLIENT_ID,
    REGISTRY_ALLOW_PRIVATE_NETWORKS: '127.0.0.1/32',
    REGISTRY_BACKGROUND_JOBS: 'false',
    SNAPSHOT_REFRESH_MS: '500',
    SHUTDOWN_DRAIN_MS: '1000',
    LOG_LEVEL: 'info',
  });
  const logger = createLogger({
    service: 'registry',
    level: config.LOG_LEVEL,
    stream: lineSink(registryLog),
  });
  registryStore = await openStore(config, logger);
  await registryStore.ensureIndexes(REGISTRY_INDEXES);
  const ctx: RegistryContext = {
    store: registryStore,
    clock: systemClock,
    audit: createAuditLog({
      store: registryStore,
      clock: systemClock,
      instance: `registry-${randomUUID()}`,
    }),
    changes: createChangeNotifier(),
    logger,
  };
  const netPolicy: NetGuardPolicy = {
    allowPrivateNetworks: [...config.REGISTRY_ALLOW_PRIVATE_NETWORKS],
    allowHosts: [...config.REGISTRY_ALLOW_HOSTS],
  };
  const discovery = createVersionDiscovery(ctx, {
    netGuard: netPolicy,
    timeoutMs: config.DISCOVERY_TIMEOUT_MS,
  });
  registrySnapshots = createSnapshotCache(ctx, {
    environments: [...config.REGISTRY_ENVIRONMENTS],
    refreshMs: config.SNAPSHOT_REFRESH_MS,
  });
  registryCatalog = createCatalogViewCache(ctx, { refreshMs: config.SNAPSHOT_REFRESH_MS });
  const groups = JSON.parse(config.REGISTRY_GROUP_ROLE_MAP) as Record<string, string[]>;
  const verifier = createCachingVerifier(
    createTokenVerifier({
      issuers: [
        {
          issuer: config.REGISTRY_OIDC_ISSUER,
          audiences: [...config.REGISTRY_TOKEN_AUDIENCES],
          ...(config.REGISTRY_OIDC_JWKS_URI ? { jwksUri: config.REGISTRY_OIDC_JWKS_URI } : {}),
        },
      ],
      groupMapper: createGroupMapper({
        groups: Object.fromEntries(Object.entries(groups).map(([g, roles]) => [g, { roles }])),
      }),
    }),
  );
  const store = registryStore;
  const { app, lifecycle } = createRegistryApp({
    config,
    logger,
    ctx,
    verifier,
    netPolicy,
    discovery,
    snapshots: registrySnapshots,
    catalog: registryCatalog,
    version: 'acceptance',
    readinessChecks: [{ name: 'store', check: () => store.ping() }],
  });
  registry = await startHttpServer(app, {
    port: 0,
    host: '127.0.0.1',
    logger,
    lifecycle,
    drainTimeoutMs: config.SHUTDOWN_DRAIN_MS,
    handleSignals: false,
  });
  registryUrl = registry.url;

  // The sample server arrives the way `make dev` brings it: the seed runs the real lifecycle.
  const seeded = await seedSampleServer(ctx, { url: sample.url, netPolicy, discovery });
  expect(seeded?.status).toBe('approved_prod');
}

async function registryCall(
  persona: Persona,
  method: string,
  urlPath: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  if (!issuer) throw new Error('issuer not started');
  const headers: Record<string, string> = {
    authorization: `Bearer ${await issuer.mint({ ...PERSONAS[persona] })}`,
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${registryUrl}${urlPath}`, {
    method,
    headers,
    signal: AbortSignal.timeout(30_000),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : undefined };
}

async function registryOk(
  expected: number,
  persona: Persona,
  method: string,
  urlPath: string,
  body?: unknown,
): Promise<Json> {
  const reply = await registryCall(persona, method, urlPath, body);
  expect(reply.status, `${method} ${urlPath} as ${persona}: ${JSON.stringify(reply.body)}`).toBe(
    expected,
  );
  return reply.body;
}

/** server-everything goes through the registry's HTTP API: register, discover, review, approve. */
async function registerEverything(): Promise<void> {
  if (!everything) throw new Error('server-everything not started');
  await registryOk(201, 'admin', 'POST', '/v1/scopes', {
    id: 'demo.use',
    description: 'Use the reference demo server (acceptance).',
  });
  await registryOk(201, 'crmOwner', 'POST', '/v1/servers', {
    slug: EVERYTHING,
    name: 'Everything',
    description: 'The MCP reference server (gateway acceptance test)',
    capability: 'tools',
    ownerTeam: 'crm',
    technicalOwner: 'carol@example.com',
    environments: [ENVIRONMENT],
    tags: ['acceptance'],
    riskLevel: 'low',
    dataClassification: 'internal',
    // Resolved by the gateway from moto's Secrets Manager on every proxied call.
    credentialRefs: [{ source: secretArn, header: 'X-Api-Key', template: 'Key {{secret}}' }],
    version: { version: '1.0.0', url: everything.url, transport: 'streamable-http' },
  });
  const versionPath = `/v1/servers/${EVERYTHING}/versions/1.0.0`;
  const step = (persona: Persona, action: string) =>
    registryOk(200, persona, 'POST', `${versionPath}/lifecycle`, {
      action,
      reason: `gateway acceptance: ${action}`,
    });
  const submitted = await step('crmOwner', 'submit');
  expect(submitted.discovery, JSON.stringify(submitted.discovery)).toMatchObject({ ok: true });
  const reviewing = await step('reviewer', 'start_review');
  const scopes = Object.fromEntries(
    (reviewing.definitions as Json[])
      .filter((d) => d.kind === 'tool')
      .map((d) => [`tool/${d.name as string}`, ['demo.use']]),
  );
  await registryOk(200, 'reviewer', 'PUT', `${versionPath}/definitions/scopes`, {
    rev: reviewing.rev,
    scopes,
  });
  const approved = await step('reviewer', 'approve_dev');
  expect(approved.status).toBe('approved_dev');
}

// ---------------------------------------------------------------------------------------------
// Gateway: the composition of services/gateway/src/main.ts.

async function startGateway(): Promise<void> {
  if (!issuer || !auditDb) throw new Error('issuer and audit database first');
  const mintServiceToken = issuer.mint.bind(issuer, { ...PERSONAS.gateway });
  gatewayConfig = configSchema.parse({
    GATEWAY_PORT: String(await getFreePort()),
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_ENVIRONMENT: ENVIRONMENT,
    GATEWAY_OIDC_ISSUER: issuer.issuer,
    GATEWAY_OIDC_JWKS_URI: issuer.jwksUri,
    GATEWAY_REGISTRY_URL: registryUrl,
    GATEWAY_SNAPSHOT_POLL_MS: String(SNAPSHOT_POLL_MS),
    // Not used: the local issuer has no token endpoint, the service token comes from mint().
    GATEWAY_TOKEN_URL: `${issuer.issuer}/protocol/openid-connect/token`,
    GATEWAY_CLIENT_ID,
    GATEWAY_CLIENT_SECRET: 'unused-acceptance-secret',
    GATEWAY_AUDIT_SINK: 'mongo',
    GATEWAY_MONGO_URI: auditDb.uri,
    GATEWAY_MONGO_DB: uniqueName('gateway_audit'),
    GATEWAY_AUDIT_BUFFER_LIMIT: String(AUDIT_BUFFER_LIMIT),
    GATEWAY_AUDIT_BATCH_SIZE: '20',
    GATEWAY_AUDIT_FLUSH_MS: '100',
    GATEWAY_UPSTREAM_ALLOW_PRIVATE_NETWORKS: '127.0.0.0/8',
    GATEWAY_UPSTREAM_TIMEOUT_MS: '15000',
    GATEWAY_SECRETS_REGION: env.moto.region,
    GATEWAY_SECRETS_ENDPOINT: env.moto.endpoint,
    SHUTDOWN_DRAIN_MS: '1000',
    LOG_LEVEL: 'info',
  });
  const config = gatewayConfig;
  const logger = createLogger({
    service: 'gateway',
    level: config.LOG_LEVEL,
    stream: lineSink(gatewayLog),
  });
  const clock = { now: () => new Date() };

  // openAuditSink of main.ts, mongo branch.
  gatewayMongo = await connectMongo({
    uri: config.GATEWAY_MONGO_URI ?? '',
    dbName: config.GATEWAY_MONGO_DB,
    tls: config.GATEWAY_MONGO_TLS,
    appName: 'mcpgw-gateway',
  });
  await ensureIndexes(gatewayMongo.db, AUDIT_INDEXES);
  gatewayAudit = createAuditEmitter({
    instance: `gateway-acceptance-${randomUUID().slice(0, 8)}`,
    clock,
    sink: createMongoAuditSink(gatewayMongo.db),
    stdout: (line) => auditStdout.push(line),
    logger,
    bufferLimit: config.GATEWAY_AUDIT_BUFFER_LIMIT,
    batchSize: config.GATEWAY_AUDIT_BATCH_SIZE,
    flushIntervalMs: config.GATEWAY_AUDIT_FLUSH_MS,
    // Test timing only: notice the outage and the recovery within seconds.
    sinkFailureThresholdMs: SINK_FAILURE_THRESHOLD_MS,
    retryBackoff: { initialMs: 100, maxMs: 1000 },
  });
  const audit = gatewayAudit;
  audit.start();

  // The service identity: a token the registry accepts as the gateway's (client_credentials in
  // a deployment; the local issuer signs it directly).
  const serviceToken = () => mintServiceToken();
  snapshots = createSnapshotClient({
    source: createRegistrySnapshotSource({
      registryUrl: config.GATEWAY_REGISTRY_URL,
      environment: config.GATEWAY_ENVIRONMENT,
      maxBytes: config.GATEWAY_SNAPSHOT_MAX_BYTES,
      tokenProvider: serviceToken,
      timeoutMs: 2_000,
    }),
    validate: (json): GatewaySnapshot => {
      const snapshot = gatewaySnapshotSchema.parse(json);
      if (snapshot.environment !== config.GATEWAY_ENVIRONMENT) {
        throw new Error(
          `snapshot is for ${snapshot.environment}, not ${config.GATEWAY_ENVIRONMENT}`,
        );
      }
      return snapshot;
    },
    compile: (snapshot) =>
      compileServingState(snapshot, { environment: config.GATEWAY_ENVIRONMENT }),
    clock,
    logger,
    intervalMs: config.GATEWAY_SNAPSHOT_POLL_MS,
  });
  const snapshotClient = snapshots;
  snapshotClient.start();

  const rate = (ratePerSec: number, burst: number) =>
    ratePerSec > 0 ? { ratePerSec, burst } : undefined;
  const limiter = createLimiter({
    clock,
    perAgent: rate(config.GATEWAY_LIMIT_AGENT_RATE, config.GATEWAY_LIMIT_AGENT_BURST),
    perAgentTool: rate(config.GATEWAY_LIMIT_AGENT_TOOL_RATE, config.GATEWAY_LIMIT_AGENT_TOOL_BURST),
    perServer: rate(config.GATEWAY_LIMIT_SERVER_RATE, config.GATEWAY_LIMIT_SERVER_BURST),
    ...(config.GATEWAY_DAILY_QUOTA_PER_AGENT > 0
      ? { dailyQuotaPerAgent: config.GATEWAY_DAILY_QUOTA_PER_AGENT }
      : {}),
  });
  const dispatcher = createGuardedDispatcher(
    { allowPrivateNetworks: [...(config.GATEWAY_UPSTREAM_ALLOW_PRIVATE_NETWORKS ?? [])] },
    {
      connections: config.GATEWAY_UPSTREAM_CONNECTIONS,
      maxResponseSize: config.GATEWAY_UPSTREAM_MAX_RESPONSE_BYTES,
    },
  );
  const upstream = createUpstreamPool({
    dispatcher,
    timeoutMs: config.GATEWAY_UPSTREAM_TIMEOUT_MS,
    maxResponseBytes: config.GATEWAY_UPSTREAM_MAX_RESPONSE_BYTES,
  });
  const aws = createAwsSecretSource({
    region: config.GATEWAY_SECRETS_REGION,
    ...(config.GATEWAY_SECRETS_ENDPOINT ? { endpoint: config.GATEWAY_SECRETS_ENDPOINT } : {}),
    // moto's static keys; a deployment takes the task role from the default chain.
    credentials: { accessKeyId: env.moto.accessKeyId, secretAccessKey: env.moto.secretAccessKey },
    ttlMs: config.GATEWAY_SECRETS_TTL_MS,
  });
  const secrets = createRoutingSecretSource(createEnvFileSecretSource({}), aws);
  const verifier = createCachingVerifier(
    createTokenVerifier({
      issuers: [
        {
          issuer: config.GATEWAY_OIDC_ISSUER,
          audiences: [config.GATEWAY_RESOURCE_URL],
          ...(config.GATEWAY_OIDC_JWKS_URI ? { jwksUri: config.GATEWAY_OIDC_JWKS_URI } : {}),
        },
      ],
    }),
  );
  const sleep = (ms: number, signal: AbortSignal) => delay(ms, undefined, { signal });
  const resilience = createUpstreamResilience({
    breakers: createCircuitBreakers({
      failureThreshold: config.GATEWAY_CIRCUIT_FAILURE_THRESHOLD,
      coolDownMs: config.GATEWAY_CIRCUIT_COOLDOWN_MS,
      clock,
    }),
    maxRetries: config.GATEWAY_UPSTREAM_RETRIES,
    baseDelayMs: config.GATEWAY_UPSTREAM_RETRY_BASE_MS,
    maxDelayMs: config.GATEWAY_UPSTREAM_RETRY_MAX_MS,
    sleep,
  });
  const approvals = createApprovalGate({
    port: createRegistryApprovals({
      registryUrl: config.GATEWAY_REGISTRY_URL,
      tokenProvider: serviceToken,
    }),
    clock,
    sleep,
    waitMs: config.GATEWAY_APPROVAL_WAIT_MS,
    maxHeldPerAgent: config.GATEWAY_APPROVAL_MAX_HELD_PER_AGENT,
    pollInitialMs: config.GATEWAY_APPROVAL_POLL_INITIAL_MS,
    pollMaxMs: config.GATEWAY_APPROVAL_POLL_MAX_MS,
  });

  const app = createApp({
    config,
    logger,
    version: 'acceptance',
    readinessChecks: [snapshotReadinessCheck(snapshotClient), auditReadinessCheck(audit)],
    mcp: {
      getState: () => snapshotClient.current()?.compiled,
      verifier,
      audit,
      upstream,
      secrets,
      limiter,
      resilience,
      outputs: createOutputValidator(),
      approvals,
    },
  });
  registerStateMetrics(app.metricsRegistry, { audit, snapshot: snapshotClient, limiter });
  registerCircuitMetrics(app.metricsRegistry, resilience);

  const mongo = gatewayMongo;
  gatewayClosers = [
    async () => app.mcp?.close(),
    () => snapshotClient.stop(),
    () => upstream.close(),
    () => dispatcher.close(),
    async () => aws.close(),
    async () => void (await audit.close({ timeoutMs: 5_000 })),
    async () => mongo.close(),
  ];
  gateway = await startHttpServer(app.app, {
    port: config.GATEWAY_PORT,
    host: config.GATEWAY_HOST,
    logger,
    lifecycle: app.lifecycle,
    drainTimeoutMs: config.SHUTDOWN_DRAIN_MS,
    requestTimeoutMs: config.GATEWAY_APPROVAL_WAIT_MS + 30_000,
    handleSignals: false,
    closers: gatewayClosers,
  });
  gatewayUrl = gateway.url;
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  env = loadTestEnv();
  issuer = await startLocalIssuer();
  sample = await startSampleMcpServer({ host: '127.0.0.1', port: 0 });
  everything = await startServerEverything();

  const sm = new SecretsManagerClient({
    region: env.moto.region,
    endpoint: env.moto.endpoint,
    credentials: { accessKeyId: env.moto.accessKeyId, secretAccessKey: env.moto.secretAccessKey },
  });
  try {
    const created = await sm.send(
      new CreateSecretCommand({
        Name: uniqueName('gateway_e2e_everything'),
        SecretString: `everything-api-key-${randomUUID()}`,
      }),
    );
    secretArn = created.ARN ?? '';
  } finally {
    sm.destroy();
  }
  expect(secretArn).toMatch(/^arn:aws:secretsmanager:/);

  auditDb = ownFerretDb(await getFreePort());
  await auditDb.start();

  await startRegistry();
  await registerEverything();
  await startGateway();

  auditReader = await connectMongo({ uri: auditDb.uri, dbName: gatewayConfig.GATEWAY_MONGO_DB });
  // Bounded: the gateway serves once its first snapshot holds both approved servers.
  await waitUntil(
    () => {
      const servers = snapshots?.current()?.compiled.servers;
      return servers?.has(SAMPLE) === true && servers.has(EVERYTHING);
    },
    'both servers in the gateway snapshot',
    20_000,
  );
}, 180_000);

afterAll(async () => {
  for (const agent of agents.splice(0)) await agent.close().catch(() => undefined);
  await gateway?.close().catch(() => undefined);
  if (gateway === undefined) {
    for (const close of gatewayClosers) await close().catch(() => undefined);
  }
  await auditReader?.close().catch(() => undefined);
  await registry?.close().catch(() => undefined);
  registrySnapshots?.stop();
  registryCatalog?.stop();
  await registryStore?.close().catch(() => undefined);
  await everything?.close().catch(() => undefined);
  await sample?.close().catch(() => undefined);
  await auditDb?.dispose().catch(() => undefined);
  await issuer?.close().catch(() => undefined);
}, 60_000);

// ---------------------------------------------------------------------------------------------
// Helpers.

/** An agent token for the gateway: audience = the gateway's resource URL. */
function agentToken(clientId: string, scope = 'crm.read demo.use'): Promise<string> {
  if (!issuer) throw new Error('issuer not started');
  return issuer.mint(
    { client_id: clientId, sub: `sa-${clientId}` },
    { scope, audience: gatewayConfig.GATEWAY_RESOURCE_URL },
  );
}

async function agent(clientId: string, era: AgentEra, server?: string): Promise<AgentClient> {
  const url = `${gatewayUrl}/mcp${server === undefined ? '' : `/${server}`}`;
  const client = await connectAgent({ url, token: await agentToken(clientId), era });
  agents.push(client);
  return client;
}

async function closeAgent(client: AgentClient): Promise<void> {
  agents.splice(agents.indexOf(client), 1);
  await client.close();
}

const textOf = (result: { content: Array<Record<string, unknown>> }): string =>
  result.content.map((c) => (typeof c['text'] === 'string' ? c['text'] : '')).join('\n');

/** One call of each upstream through the aggregate endpoint; returns the number of tools/call. */
async function callBoth(client: AgentClient, tag: string): Promise<number> {
  const found = await client.callTool(`${SAMPLE}__search_contacts`, { query: 'Scorpio' });
  expect(found.isError ?? false, textOf(found)).toBe(false);
  expect(textOf(found)).toContain('Hank Scorpio');
  const echoed = await client.callTool(`${EVERYTHING}__echo`, { message: tag });
  expect(echoed.isError ?? false, textOf(echoed)).toBe(false);
  expect(textOf(echoed)).toContain(tag);
  return 2;
}

async function gatewayGet(urlPath: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${gatewayUrl}${urlPath}`, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, text: await res.text() };
}

async function metric(name: string): Promise<number> {
  const { status, text } = await gatewayGet('/metrics');
  expect(status).toBe(200);
  // Every series carries the default `service` label.
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  if (!match?.[1]) throw new Error(`metric ${name} not exposed in:\n${text.slice(0, 3000)}`);
  return Number(match[1]);
}

const printedEvents = (): AuditEvent[] => auditStdout.map((line) => JSON.parse(line) as AuditEvent);

const successfulCalls = (events: readonly AuditEvent[], clientId: string): AuditEvent[] =>
  events.filter(
    (e) =>
      e.action === 'mcp.tools/call' && e.outcome === 'success' && e.actor.clientId === clientId,
  );

async function storedEvents(): Promise<Array<ChainedRecord & Record<string, unknown>>> {
  if (!auditReader) throw new Error('audit reader not connected');
  const rows: Array<ChainedRecord & Record<string, unknown>> = [];
  for await (const row of readAuditEvents(auditReader.db)) rows.push(row);
  return rows;
}

function inspectorEntry(): string {
  const manifest = createRequire(import.meta.url).resolve(
    '@modelcontextprotocol/inspector/package.json',
  );
  return path.join(path.dirname(manifest), 'cli', 'build', 'cli.js');
}

// ---------------------------------------------------------------------------------------------

describe('gateway end to end (acceptance: real registry, upstreams, SDK agents, audit database)', () => {
  it(
    'when SDK agents of both eras list and call tools through /mcp and /mcp/<server>, then ' +
      'the tools the registry approved answer from both upstreams',
    async () => {
      const sampleTools = ['search_contacts', 'get_contact'];
      for (const era of ['stateless', 'legacy'] as const) {
        // Aggregate endpoint: every approved server, names prefixed with the server id.
        const all = await agent(`agent-both-${era}`, era);
        expect(all.protocolVersion).toMatch(era === 'stateless' ? /^2026-07-28$/ : /^2025-/);
        const names = (await all.listTools()).map((t) => t.name);
        for (const tool of sampleTools) expect(names).toContain(`${SAMPLE}__${tool}`);
        expect(names).toContain(`${EVERYTHING}__echo`);
        expect(names).toContain(`${EVERYTHING}__get-sum`);
        expect(
          names.every((n) => n.startsWith(`${SAMPLE}__`) || n.startsWith(`${EVERYTHING}__`)),
        ).toBe(true);
        await callBoth(all, `hello from the ${era} era`);
        await closeAgent(all);

        // Per-server endpoints: unprefixed names of that server only.
        const crm = await agent(`agent-crm-${era}`, era, SAMPLE);
        const crmNames = (await crm.listTools()).map((t) => t.name);
        for (const tool of sampleTools) expect(crmNames).toContain(tool);
        expect(crmNames.some((n) => n === 'echo' || n.includes('__'))).toBe(false);
        const contact = await crm.callTool('get_contact', { contactId: 'ct_001' });
        expect(contact.isError ?? false, textOf(contact)).toBe(false);
        expect(textOf(contact)).toContain('Hank Scorpio');
        await closeAgent(crm);

        const demo = await agent(`agent-demo-${era}`, era, EVERYTHING);
        const demoNames = (await demo.listTools()).map((t) => t.name);
        expect(demoNames).toContain('get-sum');
        expect(demoNames).not.toContain('search_contacts');
        const sum = await demo.callTool('get-sum', { a: 19, b: 23 });
        expect(sum.isError ?? false, textOf(sum)).toBe(false);
        expect(textOf(sum)).toContain('42');
        await closeAgent(demo);
      }
      // Every call left an allow decision in the audit trail, printed as it happened.
      const calls = printedEvents().filter(
        (e) => e.action === 'mcp.tools/call' && e.actor.clientId?.startsWith('agent-') === true,
      );
      expect(calls.length).toBe(8);
      expect(calls.every((e) => e.outcome === 'success')).toBe(true);
    },
  );

  it(
    'when the MCP Inspector CLI lists and calls a tool through the gateway, then its JSON ' +
      'output shows the approved tools and the tool result',
    async () => {
      const token = await agentToken('agent-inspector');
      const base = [
        '--cli',
        `${gatewayUrl}/mcp`,
        '--transport',
        'http',
        '--header',
        `Authorization: Bearer ${token}`,
      ];
      const listed = await runNodeCli(
        inspectorEntry(),
        [...base, '--method', 'tools/list'],
        60_000,
      );
      expect(listed.code, listed.stderr).toBe(0);
      const tools = (JSON.parse(listed.stdout) as { tools: Array<{ name: string }> }).tools;
      const names = tools.map((t) => t.name);
      expect(names).toContain(`${SAMPLE}__search_contacts`);
      expect(names).toContain(`${EVERYTHING}__echo`);

      const called = await runNodeCli(
        inspectorEntry(),
        [
          ...base,
          '--method',
          'tools/call',
          '--tool-name',
          `${EVERYTHING}__echo`,
          '--tool-arg',
          'message=inspected through the gateway',
        ],
        60_000,
      );
      expect(called.code, called.stderr).toBe(0);
      const result = JSON.parse(called.stdout) as {
        content: Array<Record<string, unknown>>;
        isError?: boolean;
      };
      expect(result.isError ?? false).toBe(false);
      expect(textOf(result)).toContain('inspected through the gateway');
      expect(successfulCalls(printedEvents(), 'agent-inspector')).toHaveLength(1);
    },
  );

  it(
    'when the audit database goes down, then events are buffered within the bound, readiness ' +
      'names the failing sink, and after recovery every event is flushed and the chain verifies',
    async () => {
      if (!auditDb || !gatewayAudit) throw new Error('not started');
      const clientId = 'agent-audit-outage';
      let calls = 0;

      // Before: the sink is healthy and catches up.
      const before = await agent(clientId, 'stateless');
      calls += await callBoth(before, 'before the outage');
      await waitUntil(
        () => gatewayAudit!.flush(),
        'audit buffer flushed before the outage',
        10_000,
      );
      expect((await gatewayGet('/readyz')).status).toBe(200);

      // Down: the gateway keeps serving; events are printed and buffered.
      await auditDb.kill();
      expect(auditDb.pid).toBeUndefined();
      const during = await agent(clientId, 'legacy');
      for (let i = 0; i < 5; i += 1) calls += await callBoth(during, `during the outage ${i}`);
      await closeAgent(during);
      calls += await callBoth(before, 'during the outage, stateless');
      await waitUntil(
        async () => (await gatewayGet('/readyz')).status === 503,
        'readiness to report the failing audit sink',
        30_000,
        250,
      );
      const notReady = JSON.parse((await gatewayGet('/readyz')).text) as Json;
      expect(notReady.status).toBe('not_ready');
      expect(Object.keys(notReady.checks)).toContain('audit');
      expect(notReady.checks.audit).not.toBe('ok');
      expect(notReady.checks.snapshot).toBe('ok');
      // Still serving while not ready for the load balancer.
      calls += await callBoth(before, 'while not ready');
      const depth = await metric('gateway_audit_buffer_depth');
      expect(depth).toBeGreaterThanOrEqual(2 * 7);
      expect(depth).toBeLessThanOrEqual(AUDIT_BUFFER_LIMIT);
      expect(await metric('gateway_audit_buffer_overflowed')).toBe(0);
      expect(gatewayLog.some((line) => line.includes('"audit_sink_failure"'))).toBe(true);
      const printedDuring = successfulCalls(printedEvents(), clientId);
      expect(printedDuring).toHaveLength(calls);

      // Up again: same port, same data; the buffer drains by itself.
      await auditDb.start();
      await waitUntil(
        async () => (await metric('gateway_audit_buffer_depth')) === 0,
        'the audit buffer to drain after recovery',
        60_000,
        250,
      );
      await waitUntil(
        async () => (await gatewayGet('/readyz')).status === 200,
        'readiness to recover',
        15_000,
        250,
      );
      await closeAgent(before);
      await waitUntil(() => gatewayAudit!.flush(), 'last events flushed', 10_000);

      // The database holds exactly what was printed, and the chain has no gap.
      const printed = printedEvents();
      const stored = await storedEvents();
      expect(stored.map((e) => e['id']).sort()).toEqual(printed.map((e) => e.id).sort());
      const chains = verifyAuditChain(stored);
      expect(chains).toHaveLength(1);
      expect(chains[0]).toEqual({
        instance: printed[0]?.instance,
        ok: true,
        count: printed.length,
      });
      const storedCalls = stored.filter(
        (e) =>
          e['action'] === 'mcp.tools/call' &&
          e['outcome'] === 'success' &&
          (e['actor'] as { clientId?: string }).clientId === clientId,
      );
      expect(storedCalls).toHaveLength(calls);
      expect(Math.max(...stored.map((e) => e.seq))).toBe(printed.length);
    },
  );

  it(
    'when the registry goes down, then calls keep working from the last snapshot, /readyz ' +
      'stays 200 and gateway_snapshot_age_seconds grows',
    async () => {
      if (!registry || !snapshots) throw new Error('not started');
      const failuresBefore = snapshots.stats().failures;
      await registry.close();
      const refused = await fetch(`${registryUrl}/healthz`).then(
        () => 'answered',
        () => 'refused',
      );
      expect(refused).toBe('refused');
      await waitUntil(
        () => snapshots!.stats().consecutiveFailures >= 2,
        'the gateway to notice the registry is gone',
        15_000,
      );
      const ageAtOutage = await metric('gateway_snapshot_age_seconds');
      expect(await metric('gateway_snapshot_poll_failures')).toBeGreaterThan(failuresBefore);
      expect(gatewayLog.some((line) => line.includes('"snapshot_poll_failed"'))).toBe(true);

      // New connections of both eras, on both endpoints, served from the held snapshot.
      for (const era of ['stateless', 'legacy'] as const) {
        const all = await agent('agent-registry-down', era);
        const names = (await all.listTools()).map((t) => t.name);
        expect(names).toContain(`${SAMPLE}__search_contacts`);
        expect(names).toContain(`${EVERYTHING}__echo`);
        await callBoth(all, `registry down, ${era}`);
        await closeAgent(all);
        const demo = await agent('agent-registry-down', era, EVERYTHING);
        expect(textOf(await demo.callTool('echo', { message: 'still here' }))).toContain(
          'still here',
        );
        await closeAgent(demo);
      }
      await delay(2_100);
      const ready = await gatewayGet('/readyz');
      expect(ready.status, ready.text).toBe(200);
      const ageLater = await metric('gateway_snapshot_age_seconds');
      expect(ageLater).toBeGreaterThan(ageAtOutage);
      expect(ageLater).toBeGreaterThan(2);
      expect(Number.isFinite(ageLater)).toBe(true);

      // Those calls were audited too, and the whole chain still verifies.
      await waitUntil(() => gatewayAudit!.flush(), 'audit flushed', 10_000);
      const stored = await storedEvents();
      expect(verifyAuditChain(stored).map((r) => r.ok)).toEqual([true]);
      expect(
        stored.filter(
          (e) =>
            e['action'] === 'mcp.tools/call' &&
            (e['actor'] as { clientId?: string }).clientId === 'agent-registry-down',
        ),
      ).toHaveLength(6);
    },
  );
});

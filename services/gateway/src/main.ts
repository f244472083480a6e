import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { hostname } from 'node:os';
import { loadConfigOrExit } from '@mcpgw/config';
import { readPackageVersion, startHttpServer } from '@mcpgw/http';
import { createCachingVerifier, createTokenVerifier } from '@mcpgw/identity';
import { createLogger } from '@mcpgw/logger';
import { connectMongo, ensureIndexes, type MongoConnection } from '@mcpgw/mongo';
import { createGuardedDispatcher } from '@mcpgw/net-guard';
import { gatewaySnapshotSchema, type GatewaySnapshot } from '@mcpgw/snapshot';
import { createApp, SERVICE_NAME } from './app.js';
import { configSchema, type GatewayConfig } from './config.js';
import { AUDIT_INDEXES } from './data-access/audit-indexes.js';
import { createClientCredentialsTokenProvider } from './data-access/client-credentials-token-provider.js';
import { createMongoAuditSink } from './data-access/mongo-audit-sink.js';
import { createRegistrySnapshotSource } from './data-access/registry-snapshot-source.js';
import { createAwsSecretSource } from './data-access/secrets/aws-secret-source.js';
import {
  createEnvFileSecretSource,
  createRoutingSecretSource,
} from './data-access/secrets/env-file-secret-source.js';
import { createHttpTokenExchange } from './data-access/secrets/http-token-exchange.js';
import { createRegistryApprovals } from './data-access/registry-approvals.js';
import { createRegistryDriftReporter } from './data-access/registry-drift-reporter.js';
import { createLiveToolLister } from './data-access/upstream/list-live-tools.js';
import { registerStateMetrics } from './data-access/state-metrics.js';
import { registerCircuitMetrics } from './data-access/upstream/circuit-metrics.js';
import { createUpstreamPool } from './data-access/upstream/upstream-pool.js';
import { createApprovalGate } from './domain/approvals/approval-gate.js';
import { auditReadinessCheck } from './domain/audit/audit-readiness.js';
import type { AuditSink } from './domain/audit/audit-sink.js';
import { createAuditEmitter } from './domain/audit/audit-emitter.js';
import { createCoalescingLineWriter } from './domain/audit/coalescing-line-writer.js';
import { createDriftMonitor } from './domain/drift/drift-monitor.js';
import {
  announceToolVisibilityChanges,
  createToolsListChangedSignal,
} from './domain/drift/tools-list-changed.js';
import { createLimiter } from './domain/limits/limiter.js';
import { createOutputValidator } from './domain/output/output-validator.js';
import { createCircuitBreakers } from './domain/resilience/circuit-breaker.js';
import { createUpstreamResilience } from './domain/resilience/upstream-resilience.js';
import { compileServingState } from './domain/serving/compile-serving-state.js';
import { createSnapshotClient } from './domain/snapshot/snapshot-client.js';
import { snapshotReadinessCheck } from './domain/snapshot/snapshot-readiness.js';

// Composition root. The environment is parsed before anything else so a bad deployment stops
// here with every problem listed, not later with a half-started service.
const config = loadConfigOrExit(configSchema, { service: SERVICE_NAME });
const logger = createLogger({ service: SERVICE_NAME, level: config.LOG_LEVEL });
const version = readPackageVersion(new URL('../package.json', import.meta.url));
const clock = { now: () => new Date() };

/** Local runs keep audit events on stdout only; deployments write them to DocumentDB too. */
async function openAuditSink(cfg: Readonly<GatewayConfig>): Promise<{
  sink: AuditSink;
  mongo?: MongoConnection;
}> {
  if (cfg.GATEWAY_AUDIT_SINK === 'stdout') {
    return { sink: { write: async () => undefined, ping: async () => undefined } };
  }
  const mongo = await connectMongo({
    uri: cfg.GATEWAY_MONGO_URI ?? '',
    dbName: cfg.GATEWAY_MONGO_DB,
    tls: cfg.GATEWAY_MONGO_TLS,
    ...(cfg.GATEWAY_MONGO_TLS_CA_FILE ? { tlsCaFile: cfg.GATEWAY_MONGO_TLS_CA_FILE } : {}),
    appName: 'mcpgw-gateway',
  });
  await ensureIndexes(mongo.db, AUDIT_INDEXES);
  return { sink: createMongoAuditSink(mongo.db), mongo };
}

function rate(ratePerSec: number, burst: number) {
  return ratePerSec > 0 ? { ratePerSec, burst } : undefined;
}

try {
  const { sink, mongo } = await openAuditSink(config);
  // One stdout write per event-loop turn instead of one per event; flushed on exit.
  const auditLines = createCoalescingLineWriter({ write: (chunk) => process.stdout.write(chunk) });
  process.on('exit', auditLines.flush);
  const instance = `gateway-${hostname()}-${randomUUID().slice(0, 8)}`;
  const audit = createAuditEmitter({
    // seq restarts at 1 per process, so the chain name must be unique per process.
    instance,
    clock,
    sink,
    stdout: auditLines.writeLine,
    logger,
    bufferLimit: config.GATEWAY_AUDIT_BUFFER_LIMIT,
    batchSize: config.GATEWAY_AUDIT_BATCH_SIZE,
    flushIntervalMs: config.GATEWAY_AUDIT_FLUSH_MS,
  });
  audit.start();

  // One service token for everything the gateway asks the registry (snapshot, approvals).
  const serviceToken = createClientCredentialsTokenProvider({
    tokenUrl: config.GATEWAY_TOKEN_URL,
    clientId: config.GATEWAY_CLIENT_ID,
    clientSecret: config.GATEWAY_CLIENT_SECRET,
    clock,
  });
  const snapshots = createSnapshotClient({
    source: createRegistrySnapshotSource({
      registryUrl: config.GATEWAY_REGISTRY_URL,
      environment: config.GATEWAY_ENVIRONMENT,
      maxBytes: config.GATEWAY_SNAPSHOT_MAX_BYTES,
      tokenProvider: serviceToken,
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
  snapshots.start();

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
    ttlMs: config.GATEWAY_SECRETS_TTL_MS,
  });
  // `env:NAME` and `file:/path` credential references are resolved from this process's
  // environment and files (local runs); ARNs from Secrets Manager.
  const secrets = createRoutingSecretSource(createEnvFileSecretSource(process.env), aws);
  // On-behalf-of servers: the agent's token is exchanged at the auth service with the gateway's
  // service token. Without the URL such servers fail closed (CREDENTIALS_UNAVAILABLE).
  const tokenExchange =
    config.GATEWAY_TOKEN_EXCHANGE_URL === undefined
      ? undefined
      : createHttpTokenExchange({
          url: config.GATEWAY_TOKEN_EXCHANGE_URL,
          serviceToken,
          timeoutMs: config.GATEWAY_TOKEN_EXCHANGE_TIMEOUT_MS,
        });
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

  const toolsListChanged = createToolsListChangedSignal();
  const drift = createDriftMonitor({
    getState: () => snapshots.current()?.compiled,
    listTools: createLiveToolLister({
      policy: { allowPrivateNetworks: [...(config.GATEWAY_UPSTREAM_ALLOW_PRIVATE_NETWORKS ?? [])] },
      dispatcher,
      timeoutMs: config.GATEWAY_UPSTREAM_TIMEOUT_MS,
    }),
    secrets,
    report: createRegistryDriftReporter({
      registryUrl: config.GATEWAY_REGISTRY_URL,
      tokenProvider: serviceToken,
    }),
    audit,
    logger,
    notifyToolsListChanged: () => toolsListChanged.emit(),
    reporter: instance,
    intervalMs: config.GATEWAY_DRIFT_INTERVAL_MS,
    listTimeoutMs: config.GATEWAY_UPSTREAM_TIMEOUT_MS,
    reportAttempts: config.GATEWAY_DRIFT_REPORT_ATTEMPTS,
    reportBaseDelayMs: 500,
    sleep: async (ms, signal) => void (await sleep(ms, signal)),
  });
  snapshots.onChange(() => drift.snapshotChanged());
  // Policy or agent changes alone also change what agents may list (drift watches pins only).
  snapshots.onChange(announceToolVisibilityChanges(toolsListChanged));

  const gateway = createApp({
    config,
    logger,
    version,
    readinessChecks: [snapshotReadinessCheck(snapshots), auditReadinessCheck(audit)],
    mcp: {
      // Tools whose live definition no longer matches its pin are withheld until re-approved.
      getState: drift.withholding(() => snapshots.current()?.compiled),
      toolsListChanged,
      verifier,
      audit,
      upstream,
      secrets,
      ...(tokenExchange === undefined ? {} : { tokenExchange }),
      limiter,
      resilience,
      outputs: createOutputValidator(),
      approvals,
    },
  });
  registerStateMetrics(gateway.metricsRegistry, { audit, snapshot: snapshots, limiter });
  registerCircuitMetrics(gateway.metricsRegistry, resilience);
  drift.start();

  const running = await startHttpServer(gateway.app, {
    port: config.GATEWAY_PORT,
    host: config.GATEWAY_HOST,
    logger,
    lifecycle: gateway.lifecycle,
    drainTimeoutMs: config.SHUTDOWN_DRAIN_MS,
    // A call held for approval may legitimately take as long as the approval wait.
    requestTimeoutMs: config.GATEWAY_APPROVAL_WAIT_MS + 30_000,
    closers: [
      async () => gateway.mcp?.close(),
      async () => drift.stop(),
      () => snapshots.stop(),
      () => upstream.close(),
      () => dispatcher.close(),
      async () => aws.close(),
      async () => void (await audit.close({ timeoutMs: 5_000 })),
      async () => mongo?.close(),
    ],
  });
  logger.info('gateway listening', {
    url: running.url,
    version,
    environment: config.GATEWAY_ENVIRONMENT,
    registry: config.GATEWAY_REGISTRY_URL,
  });
  await running.closed;
  // Everything is closed, so the process should exit by itself; the unref'd timer only forces
  // it if some library left a handle open.
  setTimeout(() => process.exit(0), 1_000).unref();
} catch (error) {
  logger.error('gateway failed to start', {
    error: error instanceof Error ? error.message : String(error),
  });
  process.exitCode = 1;
}

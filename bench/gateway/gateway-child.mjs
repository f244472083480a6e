// The gateway under test, in its own process so its CPU time and RSS are its own: composed like
// services/gateway/src/main.ts — caching verifier, guarded keep-alive pool, audit emitter writing
// one stdout line per request (coalesced per event-loop turn), limiter (every bucket and the daily
// quota on, sized so the bench agent is never refused), circuit breakers and retries, output
// validation, gateway metrics — but with a fixed in-memory snapshot and a local issuer.
import { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { getHeapStatistics } from 'node:v8';
import { startHttpServer } from '@mcpgw/http';
import { createCachingVerifier, createTokenVerifier } from '@mcpgw/identity';
import { createLogger } from '@mcpgw/logger';
import { createGuardedDispatcher } from '@mcpgw/net-guard';
import { startLocalIssuer } from '@mcpgw/testing';
import { createApp } from '../../services/gateway/dist/app.js';
import { configSchema } from '../../services/gateway/dist/config.js';
import { createEnvFileSecretSource } from '../../services/gateway/dist/data-access/secrets/env-file-secret-source.js';
import { createUpstreamPool } from '../../services/gateway/dist/data-access/upstream/upstream-pool.js';
import { createAuditEmitter } from '../../services/gateway/dist/domain/audit/audit-emitter.js';
import { createCoalescingLineWriter } from '../../services/gateway/dist/domain/audit/coalescing-line-writer.js';
import { createLimiter } from '../../services/gateway/dist/domain/limits/limiter.js';
import { createOutputValidator } from '../../services/gateway/dist/domain/output/output-validator.js';
import { createCircuitBreakers } from '../../services/gateway/dist/domain/resilience/circuit-breaker.js';
import { createUpstreamResilience } from '../../services/gateway/dist/domain/resilience/upstream-resilience.js';
import { compileServingState } from '../../services/gateway/dist/domain/serving/compile-serving-state.js';

const { urls, listServers, listTools } = JSON.parse(process.argv[2]);
const issuer = await startLocalIssuer();
const silent = new Writable({ write: (_c, _e, cb) => cb() });
const logger = createLogger({ service: 'gateway', level: 'error', stream: silent });
const config = configSchema.parse({
  GATEWAY_OIDC_ISSUER: issuer.issuer,
  GATEWAY_RESOURCE_URL: issuer.audience,
  GATEWAY_REGISTRY_URL: 'http://127.0.0.1:7001',
  GATEWAY_TOKEN_URL: 'http://127.0.0.1:7002/token',
  GATEWAY_CLIENT_SECRET: 'bench-not-a-secret',
  GATEWAY_AUDIT_SINK: 'stdout',
  GATEWAY_UPSTREAM_TIMEOUT_MS: '10000',
  // Far above what one agent can send here, so limits are checked on every call but never bite.
  GATEWAY_LIMIT_AGENT_RATE: '1000000',
  GATEWAY_LIMIT_AGENT_BURST: '1000000',
  GATEWAY_LIMIT_AGENT_TOOL_RATE: '1000000',
  GATEWAY_LIMIT_AGENT_TOOL_BURST: '1000000',
  GATEWAY_LIMIT_SERVER_RATE: '1000000',
  GATEWAY_LIMIT_SERVER_BURST: '1000000',
  GATEWAY_DAILY_QUOTA_PER_AGENT: '1000000000',
  GATEWAY_MCP_FAST_PATH: process.env['BENCH_FAST_PATH'] === '0' ? 'false' : 'true',
});

const echo = {
  name: 'echo',
  description: 'Echoes its text argument.',
  inputSchema: {
    type: 'object',
    properties: { text: { type: 'string' } },
    required: ['text'],
    additionalProperties: false,
  },
  annotations: { readOnlyHint: true },
  pinnedHash: 'hash-echo',
  requiredScopes: ['bench.call'],
};
const server = (id, url, tools) => ({
  id,
  name: id,
  description: `${id} server`,
  riskLevel: 'low',
  dataClassification: 'internal',
  credentialRefs: [],
  health: { status: 'healthy' },
  defaultVersion: '1.0.0',
  versions: [
    {
      version: '1.0.0',
      url,
      transport: 'streamable-http',
      status: 'approved_dev',
      tools,
      resources: [],
      resourceTemplates: [],
      prompts: [],
    },
  ],
});
const catalogueTool = (s, t) => ({
  name: `tool_${t}`,
  description: `Tool ${t} of catalogue server ${s}: looks things up.`,
  inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  annotations: { readOnlyHint: true },
  pinnedHash: `hash-${s}-${t}`,
  requiredScopes: ['bench.list'],
});
const servers = [
  server('raw', urls.raw, [echo]),
  server('sdk', urls.sdk, [echo]),
  server('legacy', urls.legacy, [echo]),
];
for (let s = 0; s < listServers; s += 1) {
  const tools = Array.from({ length: listTools }, (_, t) => catalogueTool(s, t));
  servers.push(server(`cat${String(s).padStart(3, '0')}`, 'http://127.0.0.1:9/mcp', tools));
}
const state = compileServingState(
  {
    schemaVersion: 1,
    environment: 'dev',
    generatedAt: '2026-03-01T10:00:00.000Z',
    servers,
    scopes: [
      { id: 'bench.call', description: 'call' },
      { id: 'bench.list', description: 'list' },
    ],
    policies: [],
    agents: [],
  },
  { environment: 'dev' },
);

// As main.ts should wire it: one stdout write per event-loop turn, flushed on exit.
const auditLines =
  process.env['BENCH_AUDIT_COALESCE'] === '0'
    ? { writeLine: (line) => process.stdout.write(`${line}\n`), flush: () => undefined }
    : createCoalescingLineWriter({ write: (chunk) => process.stdout.write(chunk) });
process.on('exit', auditLines.flush);
const audit = createAuditEmitter({
  instance: 'gateway-bench',
  clock: { now: () => new Date() },
  sink: { write: async () => undefined, ping: async () => undefined },
  stdout: auditLines.writeLine,
  logger,
  bufferLimit: config.GATEWAY_AUDIT_BUFFER_LIMIT,
  batchSize: config.GATEWAY_AUDIT_BATCH_SIZE,
  flushIntervalMs: config.GATEWAY_AUDIT_FLUSH_MS,
});
audit.start();
const dispatcher = createGuardedDispatcher(
  { allowPrivateNetworks: ['127.0.0.0/8'] },
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
const verifier = createCachingVerifier(
  createTokenVerifier({
    issuers: [{ issuer: issuer.issuer, audiences: [issuer.audience], jwksUri: issuer.jwksUri }],
  }),
);
const rate = (ratePerSec, burst) => (ratePerSec > 0 ? { ratePerSec, burst } : undefined);
const limiter = createLimiter({
  clock: { now: () => new Date() },
  perAgent: rate(config.GATEWAY_LIMIT_AGENT_RATE, config.GATEWAY_LIMIT_AGENT_BURST),
  perAgentTool: rate(config.GATEWAY_LIMIT_AGENT_TOOL_RATE, config.GATEWAY_LIMIT_AGENT_TOOL_BURST),
  perServer: rate(config.GATEWAY_LIMIT_SERVER_RATE, config.GATEWAY_LIMIT_SERVER_BURST),
  dailyQuotaPerAgent: config.GATEWAY_DAILY_QUOTA_PER_AGENT,
});
const sleep = (ms, signal) => delay(ms, undefined, { signal });
const resilience = createUpstreamResilience({
  breakers: createCircuitBreakers({
    failureThreshold: config.GATEWAY_CIRCUIT_FAILURE_THRESHOLD,
    coolDownMs: config.GATEWAY_CIRCUIT_COOLDOWN_MS,
    clock: { now: () => new Date() },
  }),
  maxRetries: config.GATEWAY_UPSTREAM_RETRIES,
  baseDelayMs: config.GATEWAY_UPSTREAM_RETRY_BASE_MS,
  maxDelayMs: config.GATEWAY_UPSTREAM_RETRY_MAX_MS,
  sleep,
});
const fastPath = config.GATEWAY_MCP_FAST_PATH;
// As in main.ts: createApp instruments the upstream port with the gateway metrics itself.
const gateway = createApp({
  config,
  logger,
  mcp: {
    getState: () => state,
    verifier,
    audit,
    upstream,
    secrets: createEnvFileSecretSource({}),
    limiter,
    resilience,
    outputs: createOutputValidator(),
  },
});
const running = await startHttpServer(gateway.app, {
  port: 0,
  host: '127.0.0.1',
  logger,
  lifecycle: gateway.lifecycle,
  handleSignals: false,
});
const token = await issuer.mint({ client_id: 'bench-agent' }, { scope: 'bench.call bench.list' });
process.send({
  type: 'ready',
  url: `${running.url}/mcp`,
  token,
  fastPath,
  heapLimit: getHeapStatistics().heap_size_limit,
});
process.on('message', async (msg) => {
  if (msg?.type === 'usage') {
    const { rss, heapUsed } = process.memoryUsage();
    process.send({ type: 'usage', cpu: process.cpuUsage(), rss, heapUsed });
  } else if (msg?.type === 'stop') {
    await running.close();
    await gateway.mcp?.close();
    await upstream.close();
    await dispatcher.close();
    await audit.close({ timeoutMs: 1_000 });
    await issuer.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));

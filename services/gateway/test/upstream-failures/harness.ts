import { Writable } from 'node:stream';
import { createGuardedDispatcher } from '@mcpgw/net-guard';
import { startHttpServer, type RunningServer } from '@mcpgw/http';
import { createTokenVerifier } from '@mcpgw/identity';
import { createLogger } from '@mcpgw/logger';
import type { FixtureTool } from '@mcpgw/mcp';
import type { GatewaySnapshot } from '@mcpgw/snapshot';
import { startLocalIssuer, type LocalIssuer } from '@mcpgw/testing';
import { createApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { createEnvFileSecretSource } from '../../src/data-access/secrets/env-file-secret-source.js';
import { createUpstreamPool } from '../../src/data-access/upstream/upstream-pool.js';
import type { ApprovalGate } from '../../src/domain/approvals/approval-gate.js';
import type { CallLimiter } from '../../src/domain/mcp/call-tool.js';
import { createOutputValidator } from '../../src/domain/output/output-validator.js';
import { createCircuitBreakers } from '../../src/domain/resilience/circuit-breaker.js';
import {
  createUpstreamResilience,
  type UpstreamResilience,
} from '../../src/domain/resilience/upstream-resilience.js';
import { compileServingState } from '../../src/domain/serving/compile-serving-state.js';
import { REQUIRED_ENV } from '../support/required-env.js';

const silent = new Writable({ write: (_c, _e, cb) => cb() });

const objectSchema = { type: 'object', properties: { q: { type: 'string' } } };
const itemsSchema = {
  type: 'object',
  properties: { items: { type: 'array', items: { type: 'string' } } },
  required: ['items'],
  additionalProperties: false,
};

/** The upstream's live tools: `lookup` (read-only), `erase` (destructive), `report`. */
export function fixtureTools(reportResult: unknown = { items: ['r-1'] }): FixtureTool[] {
  return [
    {
      name: 'lookup',
      description: 'Looks records up.',
      inputSchema: objectSchema,
      annotations: { readOnlyHint: true },
      handler: () => ({ items: ['a-1'] }),
    },
    {
      name: 'erase',
      description: 'Erases a record.',
      inputSchema: objectSchema,
      annotations: { readOnlyHint: false, destructiveHint: true },
      handler: () => ({ items: ['erased'] }),
    },
    {
      name: 'report',
      description: 'Builds a report.',
      inputSchema: objectSchema,
      annotations: { readOnlyHint: true },
      handler: () => reportResult,
    },
  ];
}

/** The same tools as pinned in the snapshot; `report` pins a strict output schema. */
function pinnedTools(serverId: string) {
  return fixtureTools().map(({ handler: _h, ...tool }) => ({
    ...tool,
    ...(tool.name === 'report' ? { outputSchema: itemsSchema } : {}),
    pinnedHash: `sha256:${serverId}-${tool.name}`,
    requiredScopes: ['crm.read'],
  }));
}

export function snapshotFor(
  upstreams: Record<string, string>,
  options: { policies?: GatewaySnapshot['policies']; classification?: string } = {},
): GatewaySnapshot {
  const servers = Object.entries(upstreams).map(([id, url]) => ({
    id,
    name: id,
    description: `${id} server`,
    riskLevel: 'low' as const,
    dataClassification: (options.classification ?? 'internal') as 'internal',
    credentialRefs: [],
    health: { status: 'healthy' as const },
    defaultVersion: '1.0.0',
    versions: [
      {
        version: '1.0.0',
        url,
        transport: 'streamable-http' as const,
        status: 'approved_dev' as const,
        tools: pinnedTools(id),
        resources: [],
        resourceTemplates: [],
        prompts: [],
      },
    ],
  }));
  return {
    schemaVersion: 1,
    environment: 'dev',
    generatedAt: '2026-03-01T10:00:00.000Z',
    servers: servers as unknown as GatewaySnapshot['servers'],
    scopes: [{ id: 'crm.read', description: 'read' }],
    policies: options.policies ?? [],
    agents: [],
  };
}

export interface GatewayUnderTest {
  url: string;
  audit: Array<Record<string, unknown>>;
  resilience: UpstreamResilience;
  token(scope?: string): Promise<string>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  upstreams: Record<string, string>;
  policies?: GatewaySnapshot['policies'];
  classification?: string;
  timeoutMs?: number;
  maxResponseBytes?: number;
  failureThreshold?: number;
  coolDownMs?: number;
  clock?: { now(): Date };
  retrySleep?: (ms: number, signal: AbortSignal) => Promise<unknown>;
  approvals?: ApprovalGate;
  limiter?: CallLimiter;
}

/** The real app, a local issuer, the real upstream pool, with resilience and output checks. */
export async function startGateway(options: GatewayOptions): Promise<GatewayUnderTest> {
  const issuer: LocalIssuer = await startLocalIssuer();
  const state = compileServingState(
    snapshotFor(options.upstreams, {
      ...(options.policies === undefined ? {} : { policies: options.policies }),
      ...(options.classification === undefined ? {} : { classification: options.classification }),
    }),
    { environment: 'dev' },
  );
  const timeoutMs = options.timeoutMs ?? 2_000;
  const config = configSchema.parse({
    ...REQUIRED_ENV,
    GATEWAY_UPSTREAM_TIMEOUT_MS: String(timeoutMs),
    GATEWAY_OIDC_ISSUER: issuer.issuer,
  });
  const logger = createLogger({ service: 'gateway', level: 'error', stream: silent });
  const dispatcher = createGuardedDispatcher({ allowPrivateNetworks: ['127.0.0.0/8'] });
  const upstream = createUpstreamPool({
    dispatcher,
    timeoutMs,
    maxResponseBytes: options.maxResponseBytes ?? 64 * 1024,
  });
  const resilience = createUpstreamResilience({
    breakers: createCircuitBreakers({
      failureThreshold: options.failureThreshold ?? 3,
      coolDownMs: options.coolDownMs ?? 30_000,
      clock: options.clock ?? { now: () => new Date() },
    }),
    maxRetries: 1,
    baseDelayMs: 50,
    maxDelayMs: 500,
    sleep: options.retrySleep ?? (async () => undefined),
    random: () => 0.5,
  });
  const audit: Array<Record<string, unknown>> = [];
  const verifier = createTokenVerifier({
    issuers: [{ issuer: issuer.issuer, audiences: [issuer.audience], jwksUri: issuer.jwksUri }],
  });
  // The extra ports ride along the endpoint deps to callTool (wired the same way in main.ts).
  const mcp = {
    getState: () => state,
    verifier,
    audit: { emit: (event: unknown) => void audit.push(event as Record<string, unknown>) },
    upstream,
    secrets: createEnvFileSecretSource({}),
    resilience,
    outputs: createOutputValidator(),
    ...(options.approvals === undefined ? {} : { approvals: options.approvals }),
    ...(options.limiter === undefined ? {} : { limiter: options.limiter }),
  };
  const app = createApp({ config, logger, mcp });
  const running: RunningServer = await startHttpServer(app.app, {
    port: 0,
    host: '127.0.0.1',
    logger,
    lifecycle: app.lifecycle,
    handleSignals: false,
  });
  return {
    url: running.url,
    audit,
    resilience,
    token: (scope = 'crm.read') => issuer.mint({ client_id: 'agent-a' }, { scope }),
    close: async () => {
      await running.close();
      await app.mcp?.close();
      await upstream.close();
      await dispatcher.close();
      await issuer.close();
    },
  };
}

/** A 2026-07-28 `tools/call` as a modern agent sends it. */
export async function callTool(
  gateway: GatewayUnderTest,
  name: string,
  args: Record<string, unknown> = {},
  signal?: AbortSignal,
) {
  const meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientInfo': { name: 't', version: '1' },
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  const res = await fetch(`${gateway.url}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': name,
      authorization: `Bearer ${await gateway.token()}`,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name, arguments: args, _meta: meta },
    }),
    ...(signal === undefined ? {} : { signal }),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary replies
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text) as any };
}

/** tools/call requests the fixture received (era probes and notifications excluded). */
export function toolCalls(requests: ReadonlyArray<{ body: unknown }>, name?: string) {
  return requests.filter((r) => {
    const body = r.body as { method?: string; params?: { name?: string } };
    return body?.method === 'tools/call' && (name === undefined || body.params?.name === name);
  });
}

export async function healthz(gateway: GatewayUnderTest): Promise<number> {
  return (await fetch(`${gateway.url}/healthz`)).status;
}

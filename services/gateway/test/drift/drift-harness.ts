import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { definitionHash } from '@mcpgw/definitions';
import { startHttpServer, type RunningServer } from '@mcpgw/http';
import { createTokenVerifier } from '@mcpgw/identity';
import { createLogger } from '@mcpgw/logger';
import {
  openUpstreamSession,
  startFixtureServer,
  type FixtureServer,
  type FixtureTool,
} from '@mcpgw/mcp';
import { createGuardedDispatcher } from '@mcpgw/net-guard';
import type { GatewaySnapshot } from '@mcpgw/snapshot';
import { startLocalIssuer, type LocalIssuer } from '@mcpgw/testing';
import { createApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { createRegistryDriftReporter } from '../../src/data-access/registry-drift-reporter.js';
import { createEnvFileSecretSource } from '../../src/data-access/secrets/env-file-secret-source.js';
import { createUpstreamPool } from '../../src/data-access/upstream/upstream-pool.js';
import { createDriftMonitor, type DriftMonitor } from '../../src/domain/drift/drift-monitor.js';
import type { ListLiveTools } from '../../src/domain/drift/drift-ports.js';
import { createToolsListChangedSignal } from '../../src/domain/drift/tools-list-changed.js';
import { compileServingState } from '../../src/domain/serving/compile-serving-state.js';
import type { ServingState } from '../../src/domain/serving/serving-types.js';
import { REQUIRED_ENV } from '../support/required-env.js';

const silent = new Writable({ write: (_c, _e, cb) => cb() });

export const TOOLS: FixtureTool[] = [
  {
    name: 'lookup',
    description: 'Looks a customer up.',
    inputSchema: { type: 'object', properties: { id: { type: 'string' } } },
    handler: () => 'found',
  },
  {
    name: 'export_report',
    description: 'Exports the monthly report.',
    inputSchema: { type: 'object', properties: {} },
    handler: () => 'exported',
  },
];

/** The registry stand-in: records every drift report, answers 200. */
async function startRegistryStandIn() {
  const reports: Array<{ body: Record<string, unknown>; authorization?: string }> = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/internal/v1/drift') {
        const entry = { body: JSON.parse(text) as Record<string, unknown> };
        reports.push(
          req.headers.authorization === undefined
            ? entry
            : { ...entry, authorization: req.headers.authorization },
        );
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ drifted: true, recorded: true, definition: {} }));
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    reports,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Lists live tools through a fresh SDK session (the pool's future `listTools` does the same). */
const listLiveTools: ListLiveTools = async (route, headers, signal) => {
  const session = await openUpstreamSession({ url: route.url, headers, fetch, timeoutMs: 2_000 });
  try {
    return await session.listTools({ headers: {}, signal, timeoutMs: 2_000 });
  } finally {
    await session.close();
  }
};

export function snapshotPinning(url: string, pins: Map<string, string>): GatewaySnapshot {
  const live = [...pins.keys()].map((name) => {
    const { handler: _h, ...definition } = TOOLS.find((t) => t.name === name)!;
    return definition;
  });
  return {
    schemaVersion: 1,
    environment: 'dev',
    generatedAt: '2026-03-01T10:00:00.000Z',
    servers: [
      {
        id: 'crm',
        name: 'crm',
        description: 'crm server',
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
            tools: live.map((tool) => ({
              ...(tool as { name: string; inputSchema: Record<string, unknown> }),
              pinnedHash: pins.get(tool.name)!,
              requiredScopes: ['crm.read'],
            })),
            resources: [],
            resourceTemplates: [],
            prompts: [],
          },
        ],
      },
    ],
    scopes: [{ id: 'crm.read', description: 'read' }],
    policies: [],
    agents: [],
  };
}

export interface DriftHarness {
  url: string;
  upstream: FixtureServer;
  monitor: DriftMonitor;
  reports: Array<{ body: Record<string, unknown>; authorization?: string }>;
  audit: Array<Record<string, unknown>>;
  /** The hashes the registry pinned, from the upstream as first listed. */
  pins: Map<string, string>;
  /** Publishes a new compiled snapshot, as the snapshot client's onChange would. */
  publish(snapshot: GatewaySnapshot): void;
  liveHashOf(name: string): Promise<string>;
  token(): Promise<string>;
  close(): Promise<void>;
}

export async function startDriftHarness(): Promise<DriftHarness> {
  const issuer: LocalIssuer = await startLocalIssuer();
  const upstream = await startFixtureServer({ era: 'session', tools: TOOLS });
  const registry = await startRegistryStandIn();
  const liveHashOf = async (name: string) => {
    const live = await listLiveTools(route(upstream.url), {}, AbortSignal.timeout(2_000));
    return definitionHash(live.find((tool) => tool['name'] === name));
  };
  const pins = new Map<string, string>();
  for (const tool of TOOLS) pins.set(tool.name, await liveHashOf(tool.name));
  let current: ServingState = compileServingState(snapshotPinning(upstream.url, pins), {
    environment: 'dev',
  });
  const config = configSchema.parse({ ...REQUIRED_ENV, GATEWAY_OIDC_ISSUER: issuer.issuer });
  const logger = createLogger({ service: 'gateway', level: 'error', stream: silent });
  const dispatcher = createGuardedDispatcher({ allowPrivateNetworks: ['127.0.0.0/8'] });
  const pool = createUpstreamPool({ dispatcher, timeoutMs: 2_000, maxResponseBytes: 1 << 20 });
  const audit: Array<Record<string, unknown>> = [];
  const sink = { emit: (event: unknown) => void audit.push(event as Record<string, unknown>) };
  const secrets = createEnvFileSecretSource({});
  const listChanged = createToolsListChangedSignal();
  const monitor = createDriftMonitor({
    getState: () => current,
    listTools: listLiveTools,
    secrets,
    report: createRegistryDriftReporter({
      registryUrl: registry.url,
      tokenProvider: async () => 'gateway-service-token',
    }),
    audit: sink,
    logger,
    notifyToolsListChanged: () => listChanged.emit(),
    reporter: 'gateway-test-1',
    intervalMs: 60_000,
    listTimeoutMs: 2_000,
    reportAttempts: 3,
    reportBaseDelayMs: 10,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
  // Not a literal: `toolsListChanged` is the field the lead adds to McpEndpointDeps.
  const mcp = {
    getState: monitor.withholding(() => current),
    verifier: createTokenVerifier({
      issuers: [{ issuer: issuer.issuer, audiences: [issuer.audience], jwksUri: issuer.jwksUri }],
    }),
    audit: sink,
    upstream: pool,
    secrets,
    toolsListChanged: listChanged,
  };
  const app = createApp({ config, logger, mcp });
  monitor.start();
  const running: RunningServer = await startHttpServer(app.app, {
    port: 0,
    host: '127.0.0.1',
    logger,
    lifecycle: app.lifecycle,
    handleSignals: false,
  });
  return {
    url: running.url,
    upstream,
    monitor,
    reports: registry.reports,
    audit,
    pins,
    publish(snapshot) {
      current = compileServingState(snapshot, { environment: 'dev' });
      monitor.snapshotChanged();
    },
    liveHashOf,
    token: () => issuer.mint({ client_id: 'agent-a' }, { scope: 'crm.read' }),
    close: async () => {
      await monitor.stop();
      await running.close();
      await app.mcp?.close();
      await pool.close();
      await dispatcher.close();
      await Promise.all([upstream.close(), registry.close(), issuer.close()]);
    },
  };
}

function route(url: string) {
  return {
    serverId: 'crm',
    version: '1.0.0',
    url,
    transport: 'streamable-http' as const,
    credentialRefs: [],
  };
}

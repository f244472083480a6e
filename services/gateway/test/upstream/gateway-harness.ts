import { Writable } from 'node:stream';
import { startHttpServer, type RunningServer } from '@mcpgw/http';
import { createTokenVerifier, type TokenVerifier } from '@mcpgw/identity';
import { createLogger } from '@mcpgw/logger';
import { createGuardedDispatcher } from '@mcpgw/net-guard';
import type { GatewaySnapshot } from '@mcpgw/snapshot';
import { startLocalIssuer, type LocalIssuer } from '@mcpgw/testing';
import { createApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { createEnvFileSecretSource } from '../../src/data-access/secrets/env-file-secret-source.js';
import { createUpstreamPool } from '../../src/data-access/upstream/upstream-pool.js';
import type { TokenExchangePort } from '../../src/domain/credentials/token-exchange.js';
import type { SecretSource } from '../../src/domain/credentials/secret-source.js';
import { compileServingState } from '../../src/domain/serving/compile-serving-state.js';
import { REQUIRED_ENV } from '../support/required-env.js';

const silent = new Writable({ write: (_c, _e, cb) => cb() });

/** A tool as an upstream lists it (the shape discovery pins). */
export interface ListedTool {
  name: string;
  description?: string;
  inputSchema: object;
  outputSchema?: object;
  annotations?: object;
  title?: string;
}

/** One upstream server of the hand-made snapshot, as the registry would have approved it. */
export interface UpstreamSpec {
  id: string;
  url: string;
  transport?: 'streamable-http' | 'sse';
  tools: readonly ListedTool[];
  /** Scope every tool of the server requires (default `crm.read`). */
  scope?: string;
  onBehalfOfAudience?: string;
  credentialRefs?: GatewaySnapshot['servers'][number]['credentialRefs'];
}

/** The snapshot the registry would serve for these approved servers. */
export function snapshotOf(servers: readonly UpstreamSpec[]): GatewaySnapshot {
  const scopes = new Set(servers.map((server) => server.scope ?? 'crm.read'));
  return {
    schemaVersion: 1,
    environment: 'dev',
    generatedAt: '2026-03-01T10:00:00.000Z',
    servers: servers.map((server) => ({
      id: server.id,
      name: server.id,
      description: `${server.id} server`,
      riskLevel: 'low' as const,
      dataClassification: 'internal' as const,
      credentialRefs: server.credentialRefs ?? [],
      ...(server.onBehalfOfAudience === undefined
        ? {}
        : { onBehalfOfAudience: server.onBehalfOfAudience }),
      health: { status: 'healthy' as const },
      defaultVersion: '1.0.0',
      versions: [
        {
          version: '1.0.0',
          url: server.url,
          transport: server.transport ?? ('streamable-http' as const),
          status: 'approved_dev' as const,
          tools: server.tools.map((tool) => ({
            ...(tool as ListedTool & { inputSchema: Record<string, unknown> }),
            pinnedHash: `sha256:${server.id}-${tool.name}`,
            requiredScopes: [server.scope ?? 'crm.read'],
          })),
          resources: [],
          resourceTemplates: [],
          prompts: [],
        },
      ],
    })) as unknown as GatewaySnapshot['servers'],
    scopes: [...scopes].map((id) => ({ id, description: id })),
    policies: [],
    agents: [],
  };
}

export interface GatewayOptions {
  servers: readonly UpstreamSpec[];
  /** Trust this issuer/audience instead of a local test issuer (e.g. the auth service). */
  trust?: { issuer: string; audience: string };
  tokenExchange?: TokenExchangePort;
  secrets?: SecretSource;
  /** SSRF allow-list for upstreams; loopback by default (the fixtures run there). */
  allowPrivateNetworks?: string[];
  timeoutMs?: number;
}

export interface GatewayUnderTest {
  url: string;
  audit: Array<Record<string, unknown>>;
  /** Present unless `trust` was given: mints agent tokens the gateway accepts. */
  issuer: LocalIssuer | undefined;
  token(scope?: string, clientId?: string): Promise<string>;
  upstreamSessions(): number;
  close(): Promise<void>;
}

/** The real app over the real upstream pool, serving a snapshot of the given upstreams. */
export async function startGateway(options: GatewayOptions): Promise<GatewayUnderTest> {
  const issuer = options.trust === undefined ? await startLocalIssuer() : undefined;
  const trust = options.trust ?? { issuer: issuer!.issuer, audience: issuer!.audience };
  const verifier: TokenVerifier = createTokenVerifier({
    issuers: [
      {
        issuer: trust.issuer,
        audiences: [trust.audience],
        ...(issuer === undefined ? {} : { jwksUri: issuer.jwksUri }),
      },
    ],
  });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const config = configSchema.parse({
    ...REQUIRED_ENV,
    GATEWAY_UPSTREAM_TIMEOUT_MS: String(timeoutMs),
    GATEWAY_OIDC_ISSUER: trust.issuer,
    GATEWAY_RESOURCE_URL: trust.audience,
  });
  const state = compileServingState(snapshotOf(options.servers), { environment: 'dev' });
  const logger = createLogger({ service: 'gateway', level: 'error', stream: silent });
  const dispatcher = createGuardedDispatcher({
    allowPrivateNetworks: options.allowPrivateNetworks ?? ['127.0.0.0/8'],
  });
  const upstream = createUpstreamPool({ dispatcher, timeoutMs, maxResponseBytes: 1_048_576 });
  const audit: Array<Record<string, unknown>> = [];
  const app = createApp({
    config,
    logger,
    mcp: {
      getState: () => state,
      verifier,
      audit: { emit: (event) => void audit.push(event as Record<string, unknown>) },
      upstream,
      secrets: options.secrets ?? createEnvFileSecretSource({}),
      ...(options.tokenExchange === undefined ? {} : { tokenExchange: options.tokenExchange }),
    },
  });
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
    issuer,
    token: async (scope = 'crm.read', clientId = 'agent-a') => {
      if (issuer === undefined) throw new Error('tokens come from the trusted issuer');
      return issuer.mint({ client_id: clientId }, { scope });
    },
    upstreamSessions: () => upstream.sessionCount,
    close: async () => {
      await running.close();
      await app.mcp?.close();
      await upstream.close();
      await dispatcher.close();
      await issuer?.close();
    },
  };
}

/** Everything an upstream received, flattened to one string, to search for leaked values. */
export function everythingReceived(
  requests: ReadonlyArray<{ headers: Record<string, string>; body: unknown }>,
): string {
  return requests.map((r) => JSON.stringify(r.headers) + JSON.stringify(r.body)).join('\n');
}

/** The JSON-RPC requests with this method an upstream received. */
export function rpcRequests<T extends { body: unknown }>(requests: readonly T[], method: string) {
  return requests.filter((r) => (r.body as { method?: unknown } | undefined)?.method === method);
}

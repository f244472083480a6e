import { Writable } from 'node:stream';
import { createGuardedDispatcher } from '@mcpgw/net-guard';
import { startHttpServer, type RunningServer } from '@mcpgw/http';
import { createTokenVerifier } from '@mcpgw/identity';
import { createLogger } from '@mcpgw/logger';
import { SAMPLE_TOOLS, startFixtureServer, type FixtureServer } from '@mcpgw/mcp';
import type { GatewaySnapshot } from '@mcpgw/snapshot';
import { startLocalIssuer, type LocalIssuer } from '@mcpgw/testing';
import { createApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { REQUIRED_ENV } from '../support/required-env.js';
import { createUpstreamPool } from '../../src/data-access/upstream/upstream-pool.js';
import { createEnvFileSecretSource } from '../../src/data-access/secrets/env-file-secret-source.js';
import { compileServingState } from '../../src/domain/serving/compile-serving-state.js';

export const SECRET_VALUE = 'backend-secret-value-7f3a';
const silent = new Writable({ write: (_c, _e, cb) => cb() });

const scopesFor: Record<string, string[]> = {
  search_contacts: ['crm.read'],
  get_contact: ['crm.read'],
  update_contact: ['crm.read', 'crm.contact.update'],
  delete_contact: ['crm.admin'],
};

/** A hand-made snapshot: `crm` (stateless fixture) and `legacy` (session fixture). */
export function buildSnapshot(urls: {
  crm: string;
  legacy: string;
  slow?: string;
}): GatewaySnapshot {
  const tools = SAMPLE_TOOLS.map(({ handler: _h, ...tool }) => ({
    ...(tool as { name: string; inputSchema: Record<string, unknown> }),
    pinnedHash: `hash-${tool.name}`,
    requiredScopes: scopesFor[tool.name] ?? ['crm.read'],
  }));
  const server = (id: string, url: string, withSecret: boolean) => ({
    id,
    name: id,
    description: `${id} server`,
    riskLevel: 'low' as const,
    dataClassification: 'internal' as const,
    credentialRefs: withSecret
      ? [{ source: 'env:CRM_TOKEN', header: 'X-Api-Key', template: 'Key {{secret}}' }]
      : [],
    health: { status: 'healthy' as const },
    defaultVersion: '1.0.0',
    versions: [
      {
        version: '1.0.0',
        url,
        transport: 'streamable-http' as const,
        status: 'approved_dev' as const,
        tools,
        resources: [],
        resourceTemplates: [],
        prompts: [],
      },
    ],
  });
  const servers = [server('crm', urls.crm, true), server('legacy', urls.legacy, false)];
  if (urls.slow !== undefined) servers.push(server('slow', urls.slow, false));
  return {
    schemaVersion: 1,
    environment: 'dev',
    generatedAt: '2026-03-01T10:00:00.000Z',
    servers,
    scopes: [
      { id: 'crm.read', description: 'read' },
      { id: 'crm.contact.update', description: 'w' },
    ],
    policies: [],
    agents: [
      {
        id: 'revoked-agent',
        status: 'revoked',
        grantedScopes: [],
        versionPins: {},
        environments: ['dev'],
      },
    ],
  };
}

export interface Harness {
  url: string;
  issuer: LocalIssuer;
  crm: FixtureServer;
  legacy: FixtureServer;
  slow: FixtureServer;
  audit: Array<Record<string, unknown>>;
  token(scope: string, claims?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const issuer = await startLocalIssuer();
  const crm = await startFixtureServer({ era: 'stateless' });
  const legacy = await startFixtureServer({ era: 'session' });
  const slow = await startFixtureServer({ era: 'stateless' });
  const state = compileServingState(
    buildSnapshot({ crm: crm.url, legacy: legacy.url, slow: slow.url }),
    { environment: 'dev' },
  );
  const config = configSchema.parse({
    ...REQUIRED_ENV,
    GATEWAY_UPSTREAM_TIMEOUT_MS: '1500',
    GATEWAY_OIDC_ISSUER: issuer.issuer,
    ...env,
  });
  const logger = createLogger({ service: 'gateway', level: 'error', stream: silent });
  const dispatcher = createGuardedDispatcher({ allowPrivateNetworks: ['127.0.0.0/8'] });
  const upstream = createUpstreamPool({
    dispatcher,
    timeoutMs: config.GATEWAY_UPSTREAM_TIMEOUT_MS,
    maxResponseBytes: config.GATEWAY_UPSTREAM_MAX_RESPONSE_BYTES,
  });
  const audit: Array<Record<string, unknown>> = [];
  const verifier = createTokenVerifier({
    issuers: [{ issuer: issuer.issuer, audiences: [issuer.audience], jwksUri: issuer.jwksUri }],
  });
  const app = createApp({
    config,
    logger,
    mcp: {
      getState: () => state,
      verifier,
      audit: { emit: (event) => void audit.push(event as Record<string, unknown>) },
      upstream,
      secrets: createEnvFileSecretSource({ CRM_TOKEN: SECRET_VALUE }),
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
    issuer,
    crm,
    legacy,
    slow,
    audit,
    token: (scope, claims = {}) => issuer.mint({ client_id: 'agent-a', ...claims }, { scope }),
    close: async () => {
      await running.close();
      await app.mcp?.close();
      await upstream.close();
      await dispatcher.close();
      await Promise.all([crm.close(), legacy.close(), slow.close(), issuer.close()]);
    },
  };
}

/** A raw 2026-07-28 JSON-RPC POST, as a modern client sends it. */
export async function modernPost(
  url: string,
  token: string | undefined,
  method: string,
  params: Record<string, unknown> = {},
  extra: Record<string, string> = {},
) {
  const meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientInfo': { name: 't', version: '1' },
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  const name: Record<string, string> =
    typeof params['name'] === 'string' ? { 'mcp-name': params['name'] } : {};
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
      ...name,
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...extra,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method,
      params: { ...params, _meta: { ...(params['_meta'] as object), ...meta } },
    }),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary replies
    json: text === '' ? undefined : (JSON.parse(text) as Record<string, any>),
  };
}

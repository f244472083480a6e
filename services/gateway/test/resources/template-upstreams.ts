import { Writable } from 'node:stream';
import { startHttpServer, type RunningServer } from '@mcpgw/http';
import { createTokenVerifier } from '@mcpgw/identity';
import { createLogger } from '@mcpgw/logger';
import {
  startFixtureServer,
  type FixtureResourceTemplate,
  type FixtureServer,
  type RecordedRequest,
} from '@mcpgw/mcp';
import { createGuardedDispatcher } from '@mcpgw/net-guard';
import type { GatewaySnapshot, SnapshotServer } from '@mcpgw/snapshot';
import { startLocalIssuer, type LocalIssuer } from '@mcpgw/testing';
import { createApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { createEnvFileSecretSource } from '../../src/data-access/secrets/env-file-secret-source.js';
import { createUpstreamPool } from '../../src/data-access/upstream/upstream-pool.js';
import { compileServingState } from '../../src/domain/serving/compile-serving-state.js';
import { REQUIRED_ENV } from '../support/required-env.js';

const silent = new Writable({ write: (_c, _e, cb) => cb() });

/** A template as the upstream lists it, the scope it was pinned with, and what it serves. */
interface TemplateSpec {
  uriTemplate: string;
  scope: 'logs.read' | 'logs.admin';
  /** Whether a URI is one of this template's expansions, as the upstream itself decides. */
  serves: (uri: string) => boolean;
}

const text = (serverId: string, uri: string) => `${serverId} serves ${uri}`;

/**
 * `logs` (a stateless upstream) and `files` (a session upstream). In `logs`, the hidden vault
 * template comes before a broad visible one that also covers it, and the listed resource
 * `file:///logs/latest.txt` is hidden although a visible template would match it.
 */
export const TEMPLATES: Record<'logs' | 'files', TemplateSpec[]> = {
  logs: [
    {
      uriTemplate: 'file:///vault/{key}',
      scope: 'logs.admin',
      serves: startsWith('file:///vault/'),
    },
    {
      uriTemplate: 'file:///logs/{date}.txt',
      scope: 'logs.read',
      serves: (uri) => /^file:\/\/\/logs\/[^/?#]*\.txt$/.test(uri),
    },
    { uriTemplate: 'urn:audit:{day}', scope: 'logs.read', serves: startsWith('urn:audit:') },
    { uriTemplate: 'logs://search{?q,limit}', scope: 'logs.read', serves: startsWith('logs://') },
    { uriTemplate: 'file:///{+path}', scope: 'logs.read', serves: startsWith('file:///') },
  ],
  files: [
    {
      uriTemplate: 'file:///logs/{date}.txt',
      scope: 'logs.read',
      serves: (uri) => /^file:\/\/\/logs\/[^/?#]*\.txt$/.test(uri),
    },
    { uriTemplate: 'file:///{+path}', scope: 'logs.admin', serves: startsWith('file:///') },
  ],
};

function startsWith(prefix: string) {
  return (uri: string) => uri.startsWith(prefix);
}

/** Reads of `urn:audit:*` need approval: visible, but a read is refused (reads are not held). */
const AUDIT_NEEDS_APPROVAL = {
  id: 'audit-needs-approval',
  effect: 'require_approval',
  subjects: { agents: ['*'] },
  actions: ['resources/read'],
  targets: ['logs/urn:audit:*'],
};

function fixtureTemplates(serverId: 'logs' | 'files'): FixtureResourceTemplate[] {
  return TEMPLATES[serverId].map(({ uriTemplate, serves }) => ({
    uriTemplate,
    name: uriTemplate,
    read: (uri) => (serves(uri) ? text(serverId, uri) : undefined),
  }));
}

function server(serverId: 'logs' | 'files', url: string): SnapshotServer {
  const pinned = (scope: string) => ({ pinnedHash: `sha256:${serverId}`, requiredScopes: [scope] });
  return {
    id: serverId,
    name: serverId,
    description: `${serverId} server`,
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
        tools: [],
        resources:
          serverId === 'logs'
            ? [{ uri: 'file:///logs/latest.txt', name: 'latest', ...pinned('logs.admin') }]
            : [],
        resourceTemplates: TEMPLATES[serverId].map(({ uriTemplate, scope }) => ({
          uriTemplate,
          name: uriTemplate,
          ...pinned(scope),
        })),
        prompts: [],
      },
    ],
  };
}

function snapshot(urls: { logs: string; files: string }): GatewaySnapshot {
  return {
    schemaVersion: 1,
    environment: 'dev',
    generatedAt: '2026-03-01T10:00:00.000Z',
    servers: [server('logs', urls.logs), server('files', urls.files)],
    scopes: [
      { id: 'logs.read', description: 'read logs' },
      { id: 'logs.admin', description: 'administer logs' },
    ],
    policies: [AUDIT_NEEDS_APPROVAL] as unknown as GatewaySnapshot['policies'],
    agents: [],
  };
}

export type Mark = Record<'logs' | 'files', number>;

export interface TemplateGateway {
  url: string;
  audit: Array<Record<string, unknown>>;
  upstreams: Record<'logs' | 'files', FixtureServer>;
  /** How many requests each upstream has received so far. */
  mark(): Mark;
  /** The `resources/read` requests the upstreams received since `mark`. */
  readsSince(mark: Mark): RecordedRequest[];
  token(scope: string): Promise<string>;
  close(): Promise<void>;
}

/** The real app and upstream pool in front of two real fixture upstreams serving templates. */
export async function startTemplateGateway(): Promise<TemplateGateway> {
  const issuer: LocalIssuer = await startLocalIssuer();
  const logs = await startFixtureServer({
    era: 'stateless',
    resourceTemplates: fixtureTemplates('logs'),
  });
  const files = await startFixtureServer({
    era: 'session',
    resourceTemplates: fixtureTemplates('files'),
  });
  const state = compileServingState(snapshot({ logs: logs.url, files: files.url }), {
    environment: 'dev',
  });
  const config = configSchema.parse({ ...REQUIRED_ENV, GATEWAY_OIDC_ISSUER: issuer.issuer });
  const logger = createLogger({ service: 'gateway', level: 'error', stream: silent });
  const dispatcher = createGuardedDispatcher({ allowPrivateNetworks: ['127.0.0.0/8'] });
  const upstream = createUpstreamPool({
    dispatcher,
    timeoutMs: 5_000,
    maxResponseBytes: 1_048_576,
  });
  const audit: Array<Record<string, unknown>> = [];
  const app = createApp({
    config,
    logger,
    mcp: {
      getState: () => state,
      verifier: createTokenVerifier({
        issuers: [{ issuer: issuer.issuer, audiences: [issuer.audience], jwksUri: issuer.jwksUri }],
      }),
      audit: { emit: (event) => void audit.push(event as Record<string, unknown>) },
      upstream,
      secrets: createEnvFileSecretSource({}),
    },
  });
  const running: RunningServer = await startHttpServer(app.app, {
    port: 0,
    host: '127.0.0.1',
    logger,
    lifecycle: app.lifecycle,
    handleSignals: false,
  });
  const isRead = (r: RecordedRequest) =>
    (r.body as { method?: unknown } | undefined)?.method === 'resources/read';
  return {
    url: running.url,
    audit,
    upstreams: { logs, files },
    mark: () => ({ logs: logs.requests.length, files: files.requests.length }),
    readsSince: (mark) =>
      [...logs.requests.slice(mark.logs), ...files.requests.slice(mark.files)].filter(isRead),
    token: (scope) => issuer.mint({ client_id: 'log-agent' }, { scope }),
    close: async () => {
      await running.close();
      await app.mcp?.close();
      await upstream.close();
      await dispatcher.close();
      await Promise.all([logs.close(), files.close(), issuer.close()]);
    },
  };
}

export { text as servedText };

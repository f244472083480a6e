import { Writable } from 'node:stream';
import { startHttpServer, type RunningServer } from '@mcpgw/http';
import { createTokenVerifier } from '@mcpgw/identity';
import { createLogger } from '@mcpgw/logger';
import type { GatewaySnapshot, SnapshotServer } from '@mcpgw/snapshot';
import { startLocalIssuer, type LocalIssuer } from '@mcpgw/testing';
import { createApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { createEnvFileSecretSource } from '../../src/data-access/secrets/env-file-secret-source.js';
import { createToolsListChangedSignal } from '../../src/domain/drift/tools-list-changed.js';
import type {
  UpstreamPort,
  UpstreamRequest,
  UpstreamResponse,
} from '../../src/domain/routing/upstream-port.js';
import { compileServingState } from '../../src/domain/serving/compile-serving-state.js';
import type { ServingState } from '../../src/domain/serving/serving-types.js';
import { REQUIRED_ENV } from '../support/required-env.js';

const silent = new Writable({ write: (_c, _e, cb) => cb() });
const pinned = (scopes: string[]) => ({ pinnedHash: 'hash', requiredScopes: scopes });
/** `secret` is hidden from readers; `write` is the step-up case (they hold one of two scopes). */
const TOOL_SCOPES: Record<string, string[]> = {
  secret: ['docs.admin'],
  write: ['docs.read', 'docs.write'],
};

/**
 * A server with tools, resources, a template and prompts. Both servers of the default snapshot
 * serve `file:///readme.md`: on `/mcp` they must not collide.
 */
export function catalogueServer(id: string, extra: Partial<SnapshotServer> = {}): SnapshotServer {
  return {
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
        url: `http://127.0.0.1:9/${id}`,
        transport: 'streamable-http',
        status: 'approved_dev',
        tools: ['alpha', 'beta', 'gamma', 'secret', 'write'].map((name) => ({
          name,
          description: `${name} tool`,
          inputSchema: { type: 'object' },
          ...pinned(TOOL_SCOPES[name] ?? ['docs.read']),
        })),
        resources: [
          { uri: 'file:///readme.md', name: 'readme', ...pinned(['docs.read']) },
          { uri: `${id}://notes/1`, name: 'note-1', ...pinned(['docs.read']) },
          { uri: `${id}://notes/2`, name: 'note-2', ...pinned(['docs.read']) },
          { uri: `${id}://vault/key`, name: 'vault', ...pinned(['docs.admin']) },
        ],
        resourceTemplates: [
          { uriTemplate: 'file:///{path}', name: 'file', ...pinned(['docs.read']) },
          { uriTemplate: `${id}://notes/{id}`, name: 'note', ...pinned(['docs.read']) },
          { uriTemplate: `${id}://vault/{key}`, name: 'vault', ...pinned(['docs.admin']) },
        ],
        prompts: [
          {
            name: 'summarize',
            arguments: [{ name: 'topic', required: true }],
            ...pinned(['docs.read']),
          },
          { name: 'translate', arguments: [{ name: 'lang' }], ...pinned(['docs.read']) },
          { name: 'leak', arguments: [{ name: 'what' }], ...pinned(['docs.admin']) },
        ],
      },
    ],
    ...extra,
  };
}

export function catalogueSnapshot(
  servers: SnapshotServer[] = [catalogueServer('crm'), catalogueServer('docs')],
  policies: GatewaySnapshot['policies'] = [],
): GatewaySnapshot {
  return {
    schemaVersion: 1,
    environment: 'dev',
    generatedAt: '2026-03-01T10:00:00.000Z',
    servers,
    scopes: [
      { id: 'docs.read', description: 'read' },
      { id: 'docs.admin', description: 'admin' },
    ],
    policies,
    agents: [],
  };
}

type Responder = (request: UpstreamRequest) => Promise<UpstreamResponse> | UpstreamResponse;

/** Answers like a well-behaved upstream: echoes what it was asked. */
export const defaultResponder: Responder = (request) => {
  const ok = (result: Record<string, unknown>): UpstreamResponse => ({
    kind: 'result',
    status: 200,
    result,
  });
  switch (request.method) {
    case 'tools/call':
      return ok({ content: [{ type: 'text', text: `called ${String(request.params['name'])}` }] });
    case 'resources/read':
      return ok({ contents: [{ uri: request.params['uri'], text: 'contents' }] });
    case 'prompts/get':
      return ok({ messages: [{ role: 'user', content: { type: 'text', text: 'prompt' } }] });
    default:
      return ok({ completion: { values: ['alpha', 'beta'], total: 2, hasMore: false } });
  }
};

export interface FakeUpstreamHarness {
  url: string;
  issuer: LocalIssuer;
  audit: Array<Record<string, unknown>>;
  /** Every request the gateway forwarded, in order. */
  forwarded: UpstreamRequest[];
  /** Resource subscriptions forwarded upstream. */
  subscriptions: Array<{ change: 'subscribe' | 'unsubscribe'; serverId: string; uri: string }>;
  respond(responder: Responder): void;
  /** Serves a new snapshot from now on (and announces it like the snapshot client would). */
  publish(snapshot: GatewaySnapshot): void;
  token(scope: string, claims?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/** The gateway app over a fake UpstreamPort: what the agent sees, and what was sent upstream. */
export async function startFakeUpstreamHarness(
  env: Record<string, string> = {},
  snapshot: GatewaySnapshot = catalogueSnapshot(),
): Promise<FakeUpstreamHarness> {
  const issuer = await startLocalIssuer();
  let current: ServingState = compileServingState(snapshot, { environment: 'dev' });
  const forwarded: UpstreamRequest[] = [];
  let responder: Responder = defaultResponder;
  const upstream: UpstreamPort = {
    async forward(request) {
      forwarded.push(request);
      return responder(request);
    },
  };
  const config = configSchema.parse({
    ...REQUIRED_ENV,
    GATEWAY_OIDC_ISSUER: issuer.issuer,
    ...env,
  });
  const logger = createLogger({ service: 'gateway', level: 'error', stream: silent });
  const audit: Array<Record<string, unknown>> = [];
  const toolsListChanged = createToolsListChangedSignal();
  const subscriptions: FakeUpstreamHarness['subscriptions'] = [];
  const record =
    (change: 'subscribe' | 'unsubscribe') =>
    async (route: { serverId: string }, uri: string): Promise<void> =>
      void subscriptions.push({ change, serverId: route.serverId, uri });
  const app = createApp({
    config,
    logger,
    mcp: {
      getState: () => current,
      verifier: createTokenVerifier({
        issuers: [{ issuer: issuer.issuer, audiences: [issuer.audience], jwksUri: issuer.jwksUri }],
      }),
      audit: { emit: (event) => void audit.push(event as Record<string, unknown>) },
      upstream,
      secrets: createEnvFileSecretSource({}),
      toolsListChanged,
      resourceSubscriptions: { subscribe: record('subscribe'), unsubscribe: record('unsubscribe') },
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
    audit,
    forwarded,
    subscriptions,
    respond: (next) => void (responder = next),
    publish(next) {
      current = compileServingState(next, { environment: 'dev' });
    },
    token: (scope, claims = {}) => issuer.mint({ client_id: 'agent-a', ...claims }, { scope }),
    // Sessions first: an open GET stream would otherwise hold the server's close until drained.
    close: async () => {
      await app.mcp?.close();
      await running.close();
      await issuer.close();
    },
  };
}

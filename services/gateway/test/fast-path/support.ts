import { Writable } from 'node:stream';
import type { Registry } from 'prom-client';
import { createGuardedDispatcher } from '@mcpgw/net-guard';
import { startHttpServer, type RunningServer } from '@mcpgw/http';
import { createTokenVerifier } from '@mcpgw/identity';
import { createLogger } from '@mcpgw/logger';
import { startFixtureServer, type FixtureServer } from '@mcpgw/mcp';
import { startLocalIssuer, type LocalIssuer } from '@mcpgw/testing';
import { createApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { createEnvFileSecretSource } from '../../src/data-access/secrets/env-file-secret-source.js';
import { createUpstreamPool } from '../../src/data-access/upstream/upstream-pool.js';
import { compileServingState } from '../../src/domain/serving/compile-serving-state.js';
import { buildSnapshot, SECRET_VALUE } from '../mcp/support.js';
import { REQUIRED_ENV } from '../support/required-env.js';

const silent = new Writable({ write: (_c, _e, cb) => cb() });

export interface Gateway {
  url: string;
  audit: Array<Record<string, unknown>>;
  registry: Registry;
}

/** Two gateways over the same snapshot, upstreams and verifier: fast path on, and off. */
export interface TwinHarness {
  fast: Gateway;
  sdk: Gateway;
  crm: FixtureServer;
  legacy: FixtureServer;
  hanging: FixtureServer;
  token(scope: string): Promise<string>;
  close(): Promise<void>;
}

/** Both gateways sign cursors with this key, so a cursor one issues the other accepts. */
export const CURSOR_SECRET = 'twin-harness-cursor-secret-0123456789abcdef';

export async function startTwinHarness(env: Record<string, string> = {}): Promise<TwinHarness> {
  const issuer: LocalIssuer = await startLocalIssuer();
  const crm = await startFixtureServer({ era: 'stateless' });
  const legacy = await startFixtureServer({ era: 'session' });
  const hanging = await startFixtureServer({ era: 'stateless', behaviour: 'hang' });
  const state = compileServingState(
    buildSnapshot({ crm: crm.url, legacy: legacy.url, slow: hanging.url }),
    { environment: 'dev' },
  );
  const config = configSchema.parse({
    ...REQUIRED_ENV,
    GATEWAY_UPSTREAM_TIMEOUT_MS: '400',
    GATEWAY_OIDC_ISSUER: issuer.issuer,
    GATEWAY_CURSOR_SECRET: CURSOR_SECRET,
    ...env,
  });
  const logger = createLogger({ service: 'gateway', level: 'error', stream: silent });
  const dispatcher = createGuardedDispatcher({ allowPrivateNetworks: ['127.0.0.0/8'] });
  const upstream = createUpstreamPool({
    dispatcher,
    timeoutMs: config.GATEWAY_UPSTREAM_TIMEOUT_MS,
    maxResponseBytes: config.GATEWAY_UPSTREAM_MAX_RESPONSE_BYTES,
  });
  const verifier = createTokenVerifier({
    issuers: [{ issuer: issuer.issuer, audiences: [issuer.audience], jwksUri: issuer.jwksUri }],
  });
  const secrets = createEnvFileSecretSource({ CRM_TOKEN: SECRET_VALUE });
  const started: Array<{ running: RunningServer; close(): Promise<void> }> = [];
  const gateway = async (fastPath: boolean): Promise<Gateway> => {
    const audit: Array<Record<string, unknown>> = [];
    // createApp wires the fast path switch from config and the metrics on the app's registry.
    const ports = {
      getState: () => state,
      verifier,
      audit: { emit: (event: unknown) => void audit.push(event as Record<string, unknown>) },
      upstream,
      secrets,
    };
    const app = createApp({
      config: { ...config, GATEWAY_MCP_FAST_PATH: fastPath },
      logger,
      mcp: ports,
    });
    const registry = app.metricsRegistry;
    const running = await startHttpServer(app.app, {
      port: 0,
      host: '127.0.0.1',
      logger,
      lifecycle: app.lifecycle,
      handleSignals: false,
    });
    started.push({ running, close: async () => app.mcp?.close() });
    return { url: running.url, audit, registry };
  };
  const fast = await gateway(true);
  const sdk = await gateway(false);
  return {
    fast,
    sdk,
    crm,
    legacy,
    hanging,
    token: (scope) => issuer.mint({ client_id: 'agent-a' }, { scope }),
    close: async () => {
      for (const s of started) {
        await s.running.close();
        await s.close();
      }
      await upstream.close();
      await dispatcher.close();
      await Promise.all([crm.close(), legacy.close(), hanging.close(), issuer.close()]);
    },
  };
}

export const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 't', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** A 2026-07-28 request as a modern client sends it; `headers` overrides or removes (null). */
export function modernRequest(
  method: string,
  params: Record<string, unknown> = {},
  headers: Record<string, string | null> = {},
): { headers: Record<string, string>; body: string } {
  const base: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': method,
    ...(typeof params['name'] === 'string' ? { 'mcp-name': params['name'] } : {}),
  };
  for (const [name, value] of Object.entries(headers)) {
    if (value === null) delete base[name];
    else base[name] = value;
  }
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 11,
    method,
    params: { ...params, _meta: { ...ENVELOPE, ...(params['_meta'] as object) } },
  });
  return { headers: base, body };
}

export interface Answer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary replies
  json: any;
}

export async function send(
  url: string,
  token: string | undefined,
  request: { headers: Record<string, string>; body: string },
): Promise<Answer & { text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      ...request.headers,
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: request.body,
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: text === '' ? undefined : JSON.parse(text),
  };
}

/** The headers an MCP client acts on; transport framing (length vs chunked) is not among them. */
export function headersThatMatter(headers: Headers): Record<string, string | null> {
  return {
    'content-type': headers.get('content-type'),
    'www-authenticate': headers.get('www-authenticate'),
    'mcp-session-id': headers.get('mcp-session-id'),
    'retry-after': headers.get('retry-after'),
    allow: headers.get('allow'),
  };
}

/** Whether the answer was written by the fast path (a sized body) or the SDK bridge (chunked). */
export function servedByFastPath(answer: Answer): boolean {
  return answer.headers.get('content-length') !== null && answer.status === 200;
}

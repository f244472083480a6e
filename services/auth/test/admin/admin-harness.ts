import { startHttpServer, type RunningServer } from '@mcpgw/http';
import { createLogger } from '@mcpgw/logger';
import { startLocalIssuer, type LocalIssuer } from '@mcpgw/testing';
import { createAdminRoutes } from '../../src/admin-auth/create-admin-routes.js';
import { createApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import type { Provisioning } from '../../src/provisioning/index.js';
import { captureStream } from '../embedded-idp/start-embedded-auth.js';

export const AUDIENCE = 'http://127.0.0.1:7003/mcp';
export const SECRET = 'kc-secret-7f3a9c1e5b2d4a6f8e0c';

export interface Call {
  readonly method: keyof Provisioning;
  readonly args: unknown[];
}

/** A Provisioning that records its calls and answers like the real one would. */
export function fakeProvisioning(overrides: Partial<Provisioning> = {}) {
  const calls: Call[] = [];
  const record =
    <K extends keyof Provisioning>(method: K, impl: Provisioning[K]) =>
    (...args: unknown[]) => {
      calls.push({ method, args });
      return (impl as (...a: unknown[]) => unknown)(...args);
    };
  const provisioning = {
    ensureAgent: record(
      'ensureAgent',
      overrides.ensureAgent ??
        (async () => ({ change: 'created' as const, secret: { clientSecret: SECRET } })),
    ),
    rotateAgentSecret: record(
      'rotateAgentSecret',
      overrides.rotateAgentSecret ?? (async () => ({ clientSecret: SECRET })),
    ),
    disableAgent: record(
      'disableAgent',
      overrides.disableAgent ?? (async () => 'updated' as const),
    ),
    syncScopes: record(
      'syncScopes',
      overrides.syncScopes ??
        (async () => ({ change: 'created' as const, scopes: { 'crm.read': 'created' as const } })),
    ),
  } as Provisioning;
  return { provisioning, calls };
}

export interface AdminAuth {
  readonly url: string;
  readonly issuer: LocalIssuer;
  logs(): string;
  close(): Promise<void>;
}

/**
 * The auth app with the admin routes wired as main.ts does, trusting a local issuer (real signed
 * JWTs). `provisioning` replaces the Keycloak connection, `embedded` is the embedded provider's
 * own; without either the config decides (503).
 */
export async function startAdminAuth(
  options: {
    env?: Record<string, string>;
    provisioning?: Provisioning;
    embedded?: Provisioning;
  } = {},
): Promise<AdminAuth> {
  const issuer = await startLocalIssuer({ audience: AUDIENCE });
  const config = configSchema.parse({ AUTH_GATEWAY_RESOURCE: AUDIENCE, ...options.env });
  const capture = captureStream();
  const logger = createLogger({ service: 'auth', level: 'debug', stream: capture.stream });
  const { provisioning, embedded } = options;
  const admin = createAdminRoutes({
    config,
    logger,
    issuer: issuer.issuer,
    ...(provisioning === undefined ? {} : { connect: async () => provisioning }),
    ...(embedded === undefined ? {} : { embedded }),
  });
  const { app, lifecycle } = createApp({ config, logger, admin });
  const running: RunningServer = await startHttpServer(app, {
    port: 0,
    host: '127.0.0.1',
    logger,
    lifecycle,
    handleSignals: false,
  });
  return {
    url: running.url,
    issuer,
    logs: capture.text,
    async close() {
      await running.close();
      await issuer.close();
    },
  };
}

/** Tokens of the callers the tests need, signed by the local issuer. */
export function tokens(issuer: LocalIssuer) {
  const service = (clientId: string, extra: Record<string, unknown> = {}) =>
    issuer.mint({
      azp: clientId,
      preferred_username: `service-account-${clientId}`,
      sub: `sa-${clientId}`,
      ...extra,
    });
  const user = (username: string, groups: string[]) =>
    issuer.mint({ azp: 'mcp-console', preferred_username: username, sub: username, groups });
  return {
    registry: () => service('mcp-registry'),
    agent: () => service('crm-agent'),
    agentInAdminGroup: () => service('crm-agent', { groups: ['platform-admins'] }),
    platformAdmin: () => user('alice', ['platform-admins']),
    auditor: () => user('erin', ['auditors']),
    nestedAdminGroup: () => user('mallory', ['/x/platform-admins']),
  };
}

export async function call(
  url: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      ...options.headers,
    },
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

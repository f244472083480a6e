import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { startHttpServer } from '@mcpgw/http';
import { createLogger } from '@mcpgw/logger';
import { getFreePort } from '@mcpgw/testing';
// The auth service, composed as its main.ts composes it, in embedded mode (oidc-provider inside,
// token exchange at POST /auth/token-exchange).
import { composeAuthApp } from '../../../auth/src/compose-auth-app.js';
import { configSchema } from '../../../auth/src/config.js';
import { createMemorySessionStore } from '../../../auth/src/sessions/memory-session-store.js';

const IDENTITY_FILE = fileURLToPath(
  new URL('../../../../config/dev-identity.yaml', import.meta.url),
);
const silent = new Writable({ write: (_c, _e, cb) => cb() });

export interface AuthService {
  url: string;
  issuer: string;
  /** The gateway resource every token of this issuer is addressed to. */
  gatewayResource: string;
  /** The generated client secrets (crm-agent, support-agent, mcp-gateway…). */
  clientSecret(clientId: string): string;
  /** A client-credentials access token for `clientId` (an agent's token at the gateway). */
  clientToken(clientId: string, scope?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real auth service in embedded mode on a free loopback port, seeded from the committed
 * config/dev-identity.yaml (where `mcp-gateway` may exchange tokens for `crm-backend` only).
 */
export async function startAuthService(gatewayResource: string): Promise<AuthService> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mcpgw-gw-obo-'));
  const secretsFile = path.join(dir, 'identity-secrets.json');
  const port = await getFreePort();
  const config = configSchema.parse({
    AUTH_MODE: 'embedded',
    AUTH_PUBLIC_URL: `http://127.0.0.1:${port}`,
    AUTH_DEV_IDENTITY_FILE: IDENTITY_FILE,
    AUTH_DEV_SECRETS_FILE: secretsFile,
    AUTH_GATEWAY_RESOURCE: gatewayResource,
  });
  const logger = createLogger({ service: 'auth', level: 'error', stream: silent });
  const { app, lifecycle, embeddedIdp } = await composeAuthApp({
    config,
    logger,
    store: createMemorySessionStore(),
  });
  if (embeddedIdp === undefined) throw new Error('embedded mode composed without its provider');
  const running = await startHttpServer(app, {
    port,
    host: '127.0.0.1',
    logger,
    lifecycle,
    handleSignals: false,
  });
  const secrets = JSON.parse(await readFile(secretsFile, 'utf8')) as {
    clients: Record<string, string>;
  };
  const clientSecret = (clientId: string) => {
    const secret = secrets.clients[clientId];
    if (secret === undefined) throw new Error(`no generated secret for ${clientId}`);
    return secret;
  };
  return {
    url: running.url,
    issuer: embeddedIdp.issuer,
    gatewayResource,
    clientSecret,
    async clientToken(clientId, scope) {
      const basic = Buffer.from(`${clientId}:${clientSecret(clientId)}`).toString('base64');
      const res = await fetch(`${embeddedIdp.issuer}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          ...(scope === undefined ? {} : { scope }),
        }),
      });
      const body = (await res.json()) as { access_token?: string; error?: string };
      if (typeof body.access_token !== 'string') {
        throw new Error(`token request for ${clientId} failed: ${body.error ?? res.status}`);
      }
      return body.access_token;
    },
    close: async () => {
      await running.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

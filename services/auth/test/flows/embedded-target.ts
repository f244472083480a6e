import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startHttpServer } from '@mcpgw/http';
import { createLogger } from '@mcpgw/logger';
import { getFreePort } from '@mcpgw/testing';
import { composeAuthApp } from '../../src/compose-auth-app.js';
import { configSchema } from '../../src/config.js';
import { createMemorySessionStore } from '../../src/sessions/memory-session-store.js';
import {
  captureStream,
  makeTempDir,
  REPO_IDENTITY_FILE,
} from '../embedded-idp/start-embedded-auth.js';
import { GATEWAY_AUDIENCE, type IdentityTarget } from './identity-target.js';

/**
 * The auth service in embedded mode, in process on a free loopback port, seeded from the
 * committed config/dev-identity.yaml (the file `make dev` uses) with secrets in a temp dir.
 */
export async function startEmbeddedTarget(): Promise<IdentityTarget> {
  const temp = await makeTempDir();
  const port = await getFreePort();
  const secretsFile = path.join(temp.dir, 'identity-secrets.json');
  const config = configSchema.parse({
    AUTH_MODE: 'embedded',
    AUTH_PUBLIC_URL: `http://127.0.0.1:${port}`,
    AUTH_GATEWAY_RESOURCE: GATEWAY_AUDIENCE,
    AUTH_DEV_IDENTITY_FILE: REPO_IDENTITY_FILE,
    AUTH_DEV_SECRETS_FILE: secretsFile,
    AUTH_GROUP_SCOPES: JSON.stringify({ 'team-crm': ['crm.read'] }),
  });
  const capture = captureStream();
  const logger = createLogger({ service: 'auth', level: 'debug', stream: capture.stream });
  const store = createMemorySessionStore();
  const { app, lifecycle, embeddedIdp } = await composeAuthApp({ config, logger, store });
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
    users: Record<string, string>;
  };
  const client = (clientId: string) => ({ clientId, secret: secrets.clients[clientId] ?? '' });
  return {
    provider: 'embedded',
    authUrl: running.url,
    issuer: embeddedIdp.issuer,
    tokenEndpoint: `${embeddedIdp.issuer}/token`,
    registry: client('mcp-registry'),
    gateway: client('mcp-gateway'),
    user: { username: 'carol', password: secrets.users.carol ?? '', subject: 'carol' },
    store,
    logs: capture.text,
    close: async () => {
      await running.close();
      await temp.remove();
    },
  };
}

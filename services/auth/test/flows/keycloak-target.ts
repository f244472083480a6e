import { randomBytes } from 'node:crypto';
import { startHttpServer } from '@mcpgw/http';
import { createLogger } from '@mcpgw/logger';
import { getFreePort, loadTestEnv, uniqueName } from '@mcpgw/testing';
import { connectAdmin } from '../../src/admin-auth/connect-admin.js';
import { createAdminRoutes } from '../../src/admin-auth/create-admin-routes.js';
import { createApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { createIdentityEdge } from '../../src/console/create-identity-edge.js';
import {
  ensureAudienceScope,
  ensureConsoleClient,
  ensureGroups,
  ensureGroupsScope,
  ensureRealm,
  ensureServiceClient,
  findClient,
  readClientSecret,
  type KeycloakAdmin,
} from '../../src/provisioning/index.js';
import { createMemorySessionStore } from '../../src/sessions/memory-session-store.js';
import { audienceMapper } from '../console/keycloak-admin.js';
import { captureStream } from '../embedded-idp/start-embedded-auth.js';
import { BACKEND_AUDIENCE, GATEWAY_AUDIENCE, type IdentityTarget } from './identity-target.js';

async function clientUuid(admin: KeycloakAdmin, clientId: string): Promise<string> {
  const client = await findClient(await admin.api(), clientId);
  if (client?.id === undefined) throw new Error(`no client ${clientId}`);
  return client.id;
}

/**
 * What token exchange needs beyond the post-deploy baseline, as the existing Keycloak tests set
 * it up: the gateway client may exchange (standard token exchange) and reach the backend, the
 * console's user tokens name the gateway client as audience, and the backend exists.
 */
async function enableTokenExchange(admin: KeycloakAdmin): Promise<void> {
  const api = await admin.api();
  const gateway = await clientUuid(admin, 'mcp-gateway');
  const current = await api.clients.findOne({ id: gateway });
  await api.clients.update(
    { id: gateway },
    {
      ...current,
      attributes: { ...current?.attributes, 'standard.token.exchange.enabled': 'true' },
    },
  );
  await api.clients.addProtocolMapper(
    { id: gateway },
    audienceMapper('backend-audience', { 'included.client.audience': BACKEND_AUDIENCE }),
  );
  await api.clients.addProtocolMapper(
    { id: await clientUuid(admin, 'mcp-console') },
    audienceMapper('gateway-client-audience', { 'included.client.audience': 'mcp-gateway' }),
  );
  await api.clients.create({
    clientId: BACKEND_AUDIENCE,
    publicClient: false,
    standardFlowEnabled: false,
    serviceAccountsEnabled: false,
  });
}

async function createUser(admin: KeycloakAdmin, password: string): Promise<string> {
  const api = await admin.api();
  const { id } = await api.users.create({
    username: 'carol',
    email: 'carol@example.test',
    firstName: 'Carol',
    lastName: 'CRM',
    enabled: true,
    emailVerified: true,
    credentials: [{ type: 'password', value: password, temporary: false }],
  });
  const groups = await api.groups.find({ search: 'team-crm', exact: true });
  const group = groups.find((g) => g.name === 'team-crm');
  if (group?.id === undefined) throw new Error('no group team-crm');
  await api.users.addToGroup({ id, groupId: group.id });
  return id;
}

/**
 * A fresh realm in the test environment's Keycloak 26, set up with the same provisioning
 * functions post-deploy setup uses, and the auth service in keycloak mode with provisioning
 * through the Admin REST API, in process on a free loopback port. Closing deletes the realm.
 */
export async function startKeycloakTarget(): Promise<IdentityTarget> {
  const kc = loadTestEnv().keycloak;
  const realm = uniqueName('flows');
  const admin = await connectAdmin({
    url: kc.url,
    loginRealm: 'master',
    clientId: 'admin-cli',
    login: { grant: 'password', username: kc.adminUser, password: kc.adminPassword },
    realm,
  });
  // Deleting the realm deletes its clients, scopes, groups and users.
  const dropRealm = async () => (await admin.api()).realms.del({ realm });
  try {
    return await startInRealm(admin, kc);
  } catch (error) {
    await dropRealm().catch(() => undefined);
    throw error;
  }
}

async function startInRealm(
  admin: KeycloakAdmin,
  kc: ReturnType<typeof loadTestEnv>['keycloak'],
): Promise<IdentityTarget> {
  const issuer = `${kc.url}/realms/${admin.realm}`;
  const port = await getFreePort();
  const url = `http://127.0.0.1:${port}`;
  await ensureRealm(admin);
  await ensureAudienceScope(admin, GATEWAY_AUDIENCE);
  await ensureGroupsScope(admin);
  await ensureGroups(admin, ['crm']);
  await ensureConsoleClient(admin, { registryUrl: url });
  for (const clientId of ['mcp-gateway', 'mcp-registry'])
    await ensureServiceClient(admin, { clientId, description: clientId, scopes: [] });
  await enableTokenExchange(admin);
  const password = randomBytes(18).toString('base64url');
  const subject = await createUser(admin, password);
  const secretOf = async (clientId: string) => ({
    clientId,
    secret: await readClientSecret(admin, clientId),
  });
  const gateway = await secretOf('mcp-gateway');
  const registry = await secretOf('mcp-registry');

  const config = configSchema.parse({
    AUTH_MODE: 'keycloak',
    AUTH_PUBLIC_URL: url,
    AUTH_OIDC_ISSUER: issuer,
    AUTH_GATEWAY_RESOURCE: GATEWAY_AUDIENCE,
    AUTH_CONSOLE_CLIENT_SECRET: await readClientSecret(admin, 'mcp-console'),
    AUTH_EXCHANGE_CLIENT_SECRET: gateway.secret,
    AUTH_GROUP_SCOPES: JSON.stringify({ 'team-crm': ['crm.read'] }),
    AUTH_KEYCLOAK_ADMIN_URL: kc.url,
    AUTH_KEYCLOAK_ADMIN_USERNAME: kc.adminUser,
    AUTH_KEYCLOAK_ADMIN_PASSWORD: kc.adminPassword,
    AUTH_KEYCLOAK_REALM: admin.realm,
  });
  const capture = captureStream();
  const logger = createLogger({ service: 'auth', level: 'debug', stream: capture.stream });
  const store = createMemorySessionStore();
  const edge = createIdentityEdge({ config, logger, store });
  const { app, lifecycle } = createApp({
    config,
    logger,
    console: edge.console,
    tokenExchange: edge.tokenExchange,
    admin: createAdminRoutes({ config, logger, issuer }),
  });
  const running = await startHttpServer(app, {
    port,
    host: '127.0.0.1',
    logger,
    lifecycle,
    handleSignals: false,
  });
  return {
    provider: 'keycloak',
    authUrl: running.url,
    issuer,
    tokenEndpoint: `${issuer}/protocol/openid-connect/token`,
    registry,
    gateway,
    user: { username: 'carol', password, subject },
    store,
    logs: capture.text,
    close: async () => {
      await running.close();
      await (await admin.api()).realms.del({ realm: admin.realm });
    },
  };
}

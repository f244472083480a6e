import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { connectKeycloakAdmin, type KeycloakAdmin } from '@mcpgw/auth/dist/provisioning/index.js';
import { loadTestEnv, uniqueName, type TestEnv } from '@mcpgw/testing';
import { localContext } from '../src/local-context.js';
import { runSetup } from '../src/run-setup.js';
import type { SetupContext } from '../src/setup-context.js';
import { STEP_NAMES } from '../src/step-names.js';

const seedDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../config/seed');

describe('post-deploy setup (real Keycloak, FerretDB, moto)', () => {
  const realm = uniqueName('pds');
  const dbName = uniqueName('pds');
  const lines: string[] = [];
  let env: TestEnv;
  let admin: KeycloakAdmin;
  let mongo: MongoClient;

  function context(dryRun: boolean): SetupContext {
    return localContext(env, {
      realm,
      dbName,
      seedDir,
      dryRun,
      requireServices: false,
      log: (l) => lines.push(l),
    });
  }

  beforeAll(async () => {
    env = loadTestEnv();
    admin = await connectKeycloakAdmin({
      url: env.keycloak.url,
      username: env.keycloak.adminUser,
      password: env.keycloak.adminPassword,
      realm,
    });
    mongo = await MongoClient.connect(env.mongo.uri);
  });

  afterAll(async () => {
    if (admin) await (await admin.api()).realms.del({ realm }).catch(() => undefined);
    if (mongo) {
      await mongo
        .db(dbName)
        .dropDatabase()
        .catch(() => undefined);
      await mongo.close();
    }
  });

  it('when run with --dry-run on an empty Keycloak, then every step reports what it would create and nothing exists afterwards', async () => {
    const results = await runSetup(context(true), STEP_NAMES);

    expect(results.filter((r) => r.status === 'fail')).toEqual([]);
    expect(results.find((r) => r.step === 'realm')?.change).toBe('created');
    expect(await (await admin.api()).realms.findOne({ realm })).toBeNull();
    expect((await mongo.db(dbName).listCollections().toArray()).length).toBe(0);
    expect(results.find((r) => r.step === 'app-secrets')?.change).toBe('created');
    expect(await context(true).secrets.get(`mcpgw/local/${realm}/documentdb-uri`)).toBeUndefined();
  });

  it('when run on an empty realm, then it creates realm, scopes, clients, groups, admin, indexes and seed, and the smoke agent token is accepted', async () => {
    const results = await runSetup(context(false), STEP_NAMES);
    const api = await admin.api();

    expect(results.map((r) => [r.step, r.status])).toEqual([
      ['realm', 'pass'],
      ['client-scopes', 'pass'],
      ['clients', 'pass'],
      ['app-secrets', 'pass'],
      ['groups', 'pass'],
      ['admin-user', 'pass'],
      ['indexes', 'pass'],
      ['seed', 'pass'],
      ['health', 'skip'],
      ['smoke', 'pass'],
    ]);
    expect(results.find((r) => r.step === 'smoke')?.detail).toContain('token accepted');
    const scope = await api.clientScopes.findOneByName({ name: 'crm.read' });
    expect(
      scope?.protocolMappers?.find((m) => m.protocolMapper === 'oidc-audience-mapper')?.config?.[
        'included.custom.audience'
      ],
    ).toBe('http://127.0.0.1:7003/mcp');
    const groupsScope = await api.clientScopes.findOneByName({ name: 'mcp-groups' });
    expect(groupsScope?.protocolMappers?.[0]?.config).toMatchObject({
      'claim.name': 'groups',
      'full.path': 'false',
    });
    const [console] = await api.clients.find({ clientId: 'mcp-console' });
    expect(console).toMatchObject({
      standardFlowEnabled: true,
      redirectUris: ['http://127.0.0.1:7001/auth/callback'],
    });
    expect(console?.attributes?.['pkce.code.challenge.method']).toBe('S256');
    const [gateway] = await api.clients.find({ clientId: 'mcp-gateway' });
    expect(gateway).toMatchObject({ serviceAccountsEnabled: true, standardFlowEnabled: false });
    const groups = (await api.groups.find()).map((g) => g.name).sort();
    expect(groups).toEqual([
      'approvers',
      'auditors',
      'platform-admins',
      'security-reviewers',
      'team-crm',
      'team-support',
    ]);
    const [user] = await api.users.find({ username: 'platform-admin', exact: true });
    expect(user?.requiredActions).toEqual(['UPDATE_PASSWORD']);
    expect((await api.users.listGroups({ id: user?.id as string })).map((g) => g.name)).toEqual([
      'platform-admins',
    ]);
    const db = mongo.db(dbName);
    expect(
      (await db.collection('audit_events').listIndexes().toArray()).map((i) => i.name),
    ).toContain('audit_events_instance_seq');
    expect(await db.collection('scopes').findOne({ _id: 'crm.read' as never })).toMatchObject({
      rev: 1,
      createdBy: 'post-deploy-setup',
    });
    expect(await db.collection('policies').countDocuments()).toBe(3);
    const secrets = context(false).secrets;
    expect(
      JSON.parse((await secrets.get(`mcpgw/local/${realm}/documentdb-uri`)) as string),
    ).toEqual({
      uri: env.mongo.uri,
    });
    const { value: consoleSecret } = await api.clients.getClientSecret({
      id: console?.id as string,
    });
    expect(
      JSON.parse((await secrets.get(`mcpgw/local/${realm}/auth-console-client`)) as string),
    ).toEqual({ clientSecret: consoleSecret });
    const cursor = JSON.parse((await secrets.get(`mcpgw/local/${realm}/gateway-cursor`)) as string);
    expect(cursor.secret).toMatch(/^[A-Za-z0-9_-]{64}$/);
  });

  it('when the console client secret is regenerated in Keycloak, then the next run updates the auth-console-client secret and only that', async () => {
    const api = await admin.api();
    const [console] = await api.clients.find({ clientId: 'mcp-console' });
    const { value: regenerated } = await api.clients.generateNewClientSecret({
      id: console?.id as string,
    });

    const results = await runSetup(context(false), ['app-secrets']);

    expect(results.map((r) => [r.step, r.status, r.change])).toEqual([
      ['app-secrets', 'pass', 'updated'],
    ]);
    const stored = await context(false).secrets.get(`mcpgw/local/${realm}/auth-console-client`);
    expect(JSON.parse(stored as string)).toEqual({ clientSecret: regenerated });
    expect(results[0]?.detail).not.toContain(regenerated as string);
  });

  it('when run a second time, then every step reports unchanged and nothing changes', async () => {
    const before = await (await admin.api()).clients.find();
    const cursorBefore = await context(false).secrets.get(`mcpgw/local/${realm}/gateway-cursor`);
    lines.length = 0;

    const results = await runSetup(context(false), STEP_NAMES);
    const after = await (await admin.api()).clients.find();

    expect(results.filter((r) => r.status === 'pass').every((r) => r.change === 'unchanged')).toBe(
      true,
    );
    expect(results.filter((r) => r.status !== 'pass').map((r) => r.step)).toEqual(['health']);
    expect(await context(false).secrets.get(`mcpgw/local/${realm}/gateway-cursor`)).toBe(
      cursorBefore,
    );
    // Keycloak lists a client's scopes in no fixed order; order is not a change.
    expect(withSortedScopes(after)).toEqual(withSortedScopes(before));
  });

  it('when the run prints progress, then no secret value appears in it', async () => {
    const secret = await context(false).secrets.get(`mcpgw/local/${realm}/platform-admin`);
    const password = JSON.parse(secret as string).password as string;

    expect(lines.join('\n')).not.toContain(password);
    expect(lines.join('\n')).not.toContain(env.keycloak.adminPassword);
    const consoleSecret = await context(false).secrets.get(
      `mcpgw/local/${realm}/auth-console-client`,
    );
    expect(lines.join('\n')).not.toContain(JSON.parse(consoleSecret as string).clientSecret);
    expect(lines.join('\n')).not.toContain(env.mongo.uri);
    expect(lines.some((l) => l.startsWith('[1/10] realm'))).toBe(true);
  });
});

/** Clients as Keycloak returns them, with scope lists in a stable order for comparison. */
function withSortedScopes<
  T extends { defaultClientScopes?: string[]; optionalClientScopes?: string[] },
>(clients: T[]): T[] {
  return clients.map((client) => ({
    ...client,
    ...(client.defaultClientScopes
      ? { defaultClientScopes: [...client.defaultClientScopes].sort() }
      : {}),
    ...(client.optionalClientScopes
      ? { optionalClientScopes: [...client.optionalClientScopes].sort() }
      : {}),
  }));
}

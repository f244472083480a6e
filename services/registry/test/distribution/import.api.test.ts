import { afterEach, describe, expect, it } from 'vitest';
import type { Server } from '../../src/domain/model/server.js';
import type { ServerVersion } from '../../src/domain/model/server-version.js';
import { startDistribution, type Distribution } from './distribution-fixtures.js';

function importBody(server: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    server: {
      $schema: 'https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json',
      name: 'com.example/crm-server',
      description: 'Accounts and contacts',
      title: 'CRM',
      version: '1.4.0',
      remotes: [
        { type: 'sse', url: 'https://crm.example.com/sse' },
        { type: 'streamable-http', url: 'https://crm.example.com/mcp' },
      ],
      ...server,
    },
    ownerTeam: 'crm',
    riskLevel: 'medium',
    dataClassification: 'confidential',
    capability: 'crm',
    ...extra,
  };
}

describe('POST /v1/servers/import', () => {
  let d: Distribution | undefined;
  afterEach(async () => {
    await d?.close();
    d = undefined;
  });

  it('when an owner imports a remote server.json, then a draft server and version are stored', async () => {
    d = await startDistribution();
    const res = await d.h.call('crmOwner', 'POST', '/v1/servers/import', importBody());
    expect(res.status).toBe(201);
    const server = await d.h.store.collection<Server>('servers').get('crm-server');
    expect(server).toMatchObject({ name: 'CRM', ownerTeam: 'crm', credentialRefs: [] });
    const version = await d.h.store
      .collection<ServerVersion>('server_versions')
      .get('crm-server@1.4.0');
    expect(version).toMatchObject({
      status: 'draft',
      url: 'https://crm.example.com/mcp',
      transport: 'streamable-http',
    });
  });

  it('when an id is given, then it is used as the slug', async () => {
    d = await startDistribution();
    const res = await d.h.call(
      'admin',
      'POST',
      '/v1/servers/import',
      importBody({}, { id: 'sales-crm' }),
    );
    expect(res.status).toBe(201);
    expect(res.body.server.id).toBe('sales-crm');
  });

  it('when the server.json has packages, then answers 400 saying only remotes are imported', async () => {
    d = await startDistribution();
    const packages = [
      { registryType: 'npm', identifier: '@acme/crm', transport: { type: 'stdio' } },
    ];
    const res = await d.h.call('crmOwner', 'POST', '/v1/servers/import', importBody({ packages }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('Only remote servers can be imported');
    expect(await d.h.store.collection<Server>('servers').count()).toBe(0);
  });

  it.each([
    ['a file URL', { remotes: [{ type: 'streamable-http', url: 'file:///etc/passwd' }] }],
    ['a stdio remote', { remotes: [{ type: 'stdio', url: 'https://crm.example.com/mcp' }] }],
    ['no remotes', { remotes: [] }],
    ['an unknown field', { surprise: true }],
    ['a name without namespace', { name: 'crm' }],
  ])('when the server.json has %s, then answers 400', async (_what, server) => {
    d = await startDistribution();
    const res = await d.h.call('crmOwner', 'POST', '/v1/servers/import', importBody(server));
    expect(res.status).toBe(400);
  });

  it('when the remote points at a private address, then answers 400 SSRF_BLOCKED', async () => {
    d = await startDistribution();
    const remotes = [{ type: 'streamable-http', url: 'http://169.254.169.254/mcp' }];
    const res = await d.h.call('crmOwner', 'POST', '/v1/servers/import', importBody({ remotes }));
    expect(res.status).toBe(400);
    expect(res.body.code ?? res.body.error?.code).toBe('SSRF_BLOCKED');
  });

  it('when an owner imports for another team, then answers 403', async () => {
    d = await startDistribution();
    const res = await d.h.call(
      'crmOwner',
      'POST',
      '/v1/servers/import',
      importBody({}, { ownerTeam: 'billing' }),
    );
    expect(res.status).toBe(403);
  });

  it('when the caller is an auditor, then answers 403', async () => {
    d = await startDistribution();
    expect((await d.h.call('auditor', 'POST', '/v1/servers/import', importBody())).status).toBe(
      403,
    );
  });
});

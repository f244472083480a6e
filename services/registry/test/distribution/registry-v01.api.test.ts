import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentStore } from '../../src/domain/ports/document-store.js';
import {
  FUTURE,
  seedServer,
  seedVersion,
  startDistribution,
  type Distribution,
} from './distribution-fixtures.js';

async function seedCatalog(store: DocumentStore) {
  for (const id of ['alpha', 'bravo', 'charlie']) {
    await seedServer(store, id, { name: `${id} service`, capability: 'ops', riskLevel: 'high' });
    await seedVersion(store, id, '1.0.0', 'approved_prod');
  }
  await seedVersion(store, 'alpha', '1.2.0', 'approved_dev', { transport: 'sse' });
  await seedVersion(store, 'alpha', '0.9.0', 'deprecated', {
    approvedFor: ['dev'],
    retireAt: FUTURE,
  });
  await seedVersion(store, 'alpha', '2.0.0', 'draft');
  await seedServer(store, 'drafty');
  await seedVersion(store, 'drafty', '1.0.0', 'in_review');
}

const enc = (name: string) => encodeURIComponent(name);

describe('MCP Registry v0.1 read API', () => {
  let d: Distribution | undefined;
  afterEach(async () => {
    await d?.close();
    d = undefined;
  });

  it('when listing, then approved servers appear as server.json with our metadata', async () => {
    d = await startDistribution(seedCatalog);
    const res = await d.h.call('nobody', 'GET', '/v0.1/servers');
    expect(res.status).toBe(200);
    expect(res.body.metadata).toEqual({ count: 3 });
    const [alpha] = res.body.servers;
    expect(alpha.server).toMatchObject({
      name: 'com.example.mcp/alpha',
      title: 'alpha service',
      version: '1.2.0',
      remotes: [{ type: 'sse', url: 'https://alpha.example.com/mcp' }],
    });
    expect(alpha._meta['com.mcpgw.registry/v1']).toEqual({
      status: 'approved_dev',
      riskLevel: 'high',
      dataClassification: 'internal',
      ownerTeam: 'crm',
      capability: 'ops',
      toolCount: 1,
    });
    expect(alpha._meta['io.modelcontextprotocol.registry/official'].isLatest).toBe(true);
  });

  it('when paging with limit 2, then the cursor leads to the rest and no further', async () => {
    d = await startDistribution(seedCatalog);
    const first = await d.h.call('agent', 'GET', '/v0.1/servers?limit=2');
    const names = first.body.servers.map((s: { server: { name: string } }) => s.server.name);
    expect(names).toEqual(['com.example.mcp/alpha', 'com.example.mcp/bravo']);
    const next = await d.h.call(
      'agent',
      'GET',
      `/v0.1/servers?limit=2&cursor=${first.body.metadata.nextCursor}`,
    );
    expect(next.body.servers.map((s: { server: { name: string } }) => s.server.name)).toEqual([
      'com.example.mcp/charlie',
    ]);
    expect(next.body.metadata.nextCursor).toBeUndefined();
  });

  it('when searching by name, then only matching servers are listed', async () => {
    d = await startDistribution(seedCatalog);
    const res = await d.h.call('agent', 'GET', '/v0.1/servers?search=brav');
    expect(res.body.servers.map((s: { server: { name: string } }) => s.server.name)).toEqual([
      'com.example.mcp/bravo',
    ]);
  });

  it('when listing versions, then served ones appear newest first and drafts do not', async () => {
    d = await startDistribution(seedCatalog);
    const res = await d.h.call(
      'agent',
      'GET',
      `/v0.1/servers/${enc('com.example.mcp/alpha')}/versions`,
    );
    expect(res.status).toBe(200);
    const versions = res.body.servers.map((s: { server: { version: string } }) => s.server.version);
    expect(versions).toEqual(['1.2.0', '1.0.0', '0.9.0']);
  });

  it('when asking for latest or an exact version, then answers that version', async () => {
    d = await startDistribution(seedCatalog);
    const base = `/v0.1/servers/${enc('com.example.mcp/alpha')}/versions`;
    const latest = await d.h.call('agent', 'GET', `${base}/latest`);
    expect(latest.body.server.version).toBe('1.2.0');
    const exact = await d.h.call('agent', 'GET', `${base}/0.9.0`);
    expect(exact.body.server.version).toBe('0.9.0');
    expect(exact.body._meta['io.modelcontextprotocol.registry/official']).toMatchObject({
      status: 'deprecated',
      isLatest: false,
    });
  });

  it.each([
    ['an unknown server', `/v0.1/servers/${enc('com.example.mcp/nope')}/versions`],
    ['an unapproved server', `/v0.1/servers/${enc('com.example.mcp/drafty')}/versions/latest`],
    ['another namespace', `/v0.1/servers/${enc('io.other/alpha')}/versions`],
    ['a draft version', `/v0.1/servers/${enc('com.example.mcp/alpha')}/versions/2.0.0`],
  ])('when asking for %s, then answers 404', async (_what, path) => {
    d = await startDistribution(seedCatalog);
    expect((await d.h.call('agent', 'GET', path)).status).toBe(404);
  });

  it('when the cursor is forged, then answers 400', async () => {
    d = await startDistribution(seedCatalog);
    expect((await d.h.call('agent', 'GET', '/v0.1/servers?cursor=bm9wZQ')).status).toBe(400);
  });
});

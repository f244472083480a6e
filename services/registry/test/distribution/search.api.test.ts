import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentStore } from '../../src/domain/ports/document-store.js';
import {
  pinnedTool,
  seedAgent,
  seedPolicy,
  seedServer,
  seedVersion,
  startDistribution,
  type Distribution,
} from './distribution-fixtures.js';

async function seedCatalog(store: DocumentStore) {
  // "ledger" in a name must outrank "ledger" in a description.
  await seedServer(store, 'books', { name: 'Books', description: 'General ledger and journals' });
  await seedServer(store, 'ledger', { name: 'Ledger', description: 'Accounting entries' });
  await seedServer(store, 'crm', { name: 'CRM', description: 'Accounts', tags: ['sales'] });
  await seedServer(store, 'old', { name: 'Old ledger', description: 'Gone' });
  await seedVersion(store, 'books', '1.0.0', 'approved_prod', {
    definitions: [pinnedTool('post_entry', { requiredScopes: ['books.write'] })],
  });
  await seedVersion(store, 'ledger', '1.0.0', 'draft');
  await seedVersion(store, 'old', '1.0.0', 'retired');
  await seedVersion(store, 'crm', '1.0.0', 'approved_prod', {
    definitions: [
      pinnedTool('search_accounts', { requiredScopes: ['crm.read'] }),
      pinnedTool('delete_account', { requiredScopes: ['crm.read'] }),
      pinnedTool('export_accounts', { requiredScopes: ['crm.admin'] }),
    ],
  });
  await seedAgent(store, 'agent-1', { grantedScopes: ['crm.read'] });
  await seedPolicy(store, {
    id: 'no-deletes-for-agent-1',
    effect: 'deny',
    subjects: { agents: ['agent-1'] },
    actions: ['tools/call'],
    targets: ['crm/delete_*'],
  });
}

describe('GET /v1/search', () => {
  let d: Distribution | undefined;
  afterEach(async () => {
    await d?.close();
    d = undefined;
  });

  it('when a term is in one name and another description, then the name ranks first', async () => {
    d = await startDistribution(seedCatalog);
    const res = await d.h.call('admin', 'GET', '/v1/search?q=ledger');
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { id: string }) => r.id)).toEqual(['ledger', 'books']);
    expect(res.body.results[0].score).toBeGreaterThan(res.body.results[1].score);
  });

  it('when searching a tool name prefix, then its server ranks above partial matches', async () => {
    d = await startDistribution(seedCatalog);
    const res = await d.h.call('auditor', 'GET', '/v1/search?q=searchAcc');
    // crm matches both terms (tool search_accounts); ledger only "acc" (Accounting).
    expect(res.body.results.map((r: { id: string }) => r.id)).toEqual(['crm', 'ledger']);
  });

  it('when a server has only retired versions, then humans do not find it', async () => {
    d = await startDistribution(seedCatalog);
    const res = await d.h.call('admin', 'GET', '/v1/search?q=old');
    expect(res.body.results).toEqual([]);
  });

  it('when an agent searches, then it finds only servers with a tool it may call', async () => {
    d = await startDistribution(seedCatalog);
    const accounts = await d.h.call('agent', 'GET', '/v1/search?q=accounts%20entry');
    expect(accounts.body.results.map((r: { id: string }) => r.id)).toEqual(['crm']);
    expect(accounts.body.count).toBe(1);
  });

  it('when q is missing or longer than 200 characters, then answers 400', async () => {
    d = await startDistribution(seedCatalog);
    expect((await d.h.call('admin', 'GET', '/v1/search')).status).toBe(400);
    expect((await d.h.call('admin', 'GET', `/v1/search?q=${'a'.repeat(201)}`)).status).toBe(400);
  });

  it('when a caller has no registry role, then answers 403', async () => {
    d = await startDistribution(seedCatalog);
    expect((await d.h.call('nobody', 'GET', '/v1/search?q=crm')).status).toBe(403);
  });
});

describe('GET /v1/discovery/tools', () => {
  let d: Distribution | undefined;
  afterEach(async () => {
    await d?.close();
    d = undefined;
  });

  it('when tools lack scopes or a policy denies them, then they are not listed nor counted', async () => {
    d = await startDistribution(seedCatalog);
    const res = await d.h.call('agent', 'GET', '/v1/discovery/tools?environment=prod');
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(1);
    expect(res.body.tools).toEqual([
      {
        gatewayName: 'crm__search_accounts',
        server: 'crm',
        version: '1.0.0',
        name: 'search_accounts',
        description: 'search_accounts tool',
        inputSchema: { type: 'object' },
        annotations: {},
        requiredScopes: ['crm.read'],
      },
    ]);
  });

  it('when the token holds more scopes, then more tools appear', async () => {
    d = await startDistribution(seedCatalog);
    const token = await d.h.token('agent', { scope: 'crm.read crm.admin' });
    const res = await fetch(`${d.h.url}/v1/discovery/tools`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as { tools: { gatewayName: string }[] };
    expect(body.tools.map((t) => t.gatewayName)).toEqual([
      'crm__search_accounts',
      'crm__export_accounts',
    ]);
  });

  it('when a query matches only an invisible tool, then the answer is empty', async () => {
    d = await startDistribution(seedCatalog);
    const res = await d.h.call('agent', 'GET', '/v1/discovery/tools?q=delete');
    expect(res.body).toMatchObject({ count: 0, tools: [] });
  });

  it('when the agent is revoked, then it sees no tools', async () => {
    d = await startDistribution(async (store) => {
      await seedCatalog(store);
      const agents = store.collection<{ id: string; rev: number; status: string }>('agents');
      const agent = (await agents.get('agent-1'))!;
      await agents.replace({ ...agent, status: 'revoked' }, agent.rev);
    });
    const res = await d.h.call('agent', 'GET', '/v1/discovery/tools');
    expect(res.body.tools).toEqual([]);
  });
});

describe('GET /v1/discovery/tools for an environment without a snapshot', () => {
  it('when the environment is not built by this registry, then answers 400 naming the built ones', async () => {
    const d = await startDistribution(seedCatalog);
    try {
      const res = await d.h.call('agent', 'GET', '/v1/discovery/tools?environment=staging');
      expect(res.status).toBe(400);
      expect(res.body.error.details.environments).toEqual(['dev', 'prod']);
    } finally {
      await d.close();
    }
  });
});

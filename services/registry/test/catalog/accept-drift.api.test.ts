import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/domain/model/audit-event.js';
import type { ServerVersion } from '../../src/domain/model/server-version.js';
import type { RegistryHarness } from '../support/registry-harness.js';
import {
  act,
  registerBody,
  seedScopes,
  startCatalog,
  tool,
  type FakeDiscovery,
} from './catalog-fixtures.js';

const V = '/v1/servers/crm/versions/1.0.0';

describe('POST …/drift/accept', () => {
  let h: RegistryHarness;
  let discovery: FakeDiscovery;

  beforeEach(async () => {
    ({ h, discovery } = await startCatalog());
    await seedScopes(h, ['crm.read']);
    discovery.definitions = [tool('search_accounts', { requiredScopes: ['crm.read'] })];
    await h.call('crmOwner', 'POST', '/v1/servers', registerBody());
    await act(h, 'crmOwner', 'submit');
    await act(h, 'reviewer', 'start_review');
    expect((await act(h, 'reviewer', 'approve_dev')).status).toBe(200);
  });
  afterEach(async () => {
    await h.close();
  });

  /** What re-discovery leaves behind: the new text and hash, flagged against the old pin. */
  async function simulateDrift(rediscovered: boolean) {
    const versions = h.store.collection<ServerVersion>('server_versions');
    const current = (await versions.get('crm@1.0.0'))!;
    const def = current.definitions[0]!;
    // The registry's re-discovery keeps the pinned body and stores the live text in drift;
    // a gateway report alone carries only the hash.
    const drift = {
      detectedAt: new Date().toISOString(),
      liveHash: 'sha256:changed',
      source: rediscovered ? ('registry' as const) : ('gateway' as const),
      ...(rediscovered
        ? { liveBody: { ...def.body, description: 'new text' }, liveFindings: [] }
        : {}),
    };
    await versions.replace(
      {
        ...current,
        definitions: [{ ...def, drift }],
      },
      current.rev,
    );
  }

  it('when a reviewer accepts re-discovered drift, then the pin moves to the new hash and drift clears', async () => {
    await simulateDrift(true);

    const res = await h.call('reviewer', 'POST', `${V}/drift/accept`, {
      names: ['tool/search_accounts'],
      reason: 'reviewed new text',
    });

    expect(res.status).toBe(200);
    expect(res.body.definitions[0]).toMatchObject({
      hash: 'sha256:changed',
      pinnedHash: 'sha256:changed',
    });
    expect(res.body.definitions[0].drift).toBeUndefined();
    const events = await h.store
      .collection<AuditEvent>('audit_events')
      .find({ action: 'version.accept_drift' });
    expect(events[0]?.reasons).toEqual(['reviewed new text']);
  });

  it('when the new definition was not re-discovered, then 409 and the pin stays', async () => {
    await simulateDrift(false);

    const res = await h.call('reviewer', 'POST', `${V}/drift/accept`, {
      names: ['tool/search_accounts'],
      reason: 'looks fine',
    });

    expect(res.status).toBe(409);
    expect(res.body.error.details.blockers[0].definition).toBe('tool/search_accounts');
    expect((await h.call('auditor', 'GET', V)).body.definitions[0].drift).toBeDefined();
  });

  it('when an owner-reviewer or an owner accepts drift, then 403', async () => {
    await simulateDrift(true);
    const body = { names: ['tool/search_accounts'], reason: 'my own change' };

    expect((await h.call('crmOwnerReviewer', 'POST', `${V}/drift/accept`, body)).status).toBe(403);
    expect((await h.call('crmOwner', 'POST', `${V}/drift/accept`, body)).status).toBe(403);
  });
});

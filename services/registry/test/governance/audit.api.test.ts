import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/domain/model/audit-event.js';
import type { AuditInput } from '../../src/domain/audit/audit-log.js';
import type { RegistryHarness } from '../support/registry-harness.js';
import { startGovernance } from './governance-fixtures.js';

describe('GET /v1/audit', () => {
  let h: RegistryHarness;
  let now = new Date('2026-03-01T10:00:00.000Z');
  beforeEach(async () => {
    now = new Date('2026-03-01T10:00:00.000Z');
    h = await startGovernance({ now: () => now });
  });
  afterEach(async () => {
    await h.close();
  });

  /** Records one event per second (several in the same second when `sameSecond`). */
  async function record(input: Partial<AuditInput>, sameSecond = false): Promise<AuditEvent> {
    if (!sameSecond) now = new Date(now.getTime() + 1000);
    return h.ctx.audit.record({
      action: 'tools/call',
      actor: { subject: 'u-1' },
      target: {},
      outcome: 'success',
      ...input,
    });
  }
  const ids = (body: { items: AuditEvent[] }) => body.items.map((e) => e.id);

  it('when filtered by agent, server, tool and decision, then only matching events come back', async () => {
    const hit = await record({
      actor: { subject: 'sa-1', clientId: 'agent-1' },
      target: { serverId: 'crm', tool: 'delete' },
      decision: 'deny',
    });
    await record({
      actor: { subject: 'sa-1', clientId: 'agent-1' },
      target: { serverId: 'crm', tool: 'get' },
      decision: 'deny',
    });
    await record({
      actor: { subject: 'sa-2', clientId: 'agent-2' },
      target: { serverId: 'crm', tool: 'delete' },
      decision: 'deny',
    });
    await record({
      actor: { subject: 'sa-1', clientId: 'agent-1' },
      target: { serverId: 'crm', tool: 'delete' },
      decision: 'allow',
    });

    const res = await h.call(
      'auditor',
      'GET',
      '/v1/audit?agent=agent-1&server=crm&tool=delete&decision=deny',
    );

    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([hit.id]);
  });

  it('when filtered by user, then events by that subject and on their behalf both match, newest first', async () => {
    const asSubject = await record({ actor: { subject: 'u-7' } });
    await record({ actor: { subject: 'u-8' } });
    const onBehalf = await record({
      actor: { subject: 'sa-1', clientId: 'agent-1', userId: 'u-7' },
    });

    const res = await h.call('auditor', 'GET', '/v1/audit?user=u-7');

    expect(ids(res.body)).toEqual([onBehalf.id, asSubject.id]);
  });

  it('when filtered by a time range and action, then only events inside it come back', async () => {
    await record({ action: 'policy.create' }); // 10:00:01
    const inside = await record({ action: 'policy.create' }); // 10:00:02
    await record({ action: 'scope.create' }); // 10:00:03
    await record({ action: 'policy.create' }); // 10:00:04

    const res = await h.call(
      'reviewer',
      'GET',
      '/v1/audit?action=policy.create&from=2026-03-01T10:00:02Z&to=2026-03-01T12:00:03%2B02:00',
    );

    expect(ids(res.body)).toEqual([inside.id]);
  });

  it('when pages of 2 are walked, then every event is seen once in at-descending order, ties included', async () => {
    const written: AuditEvent[] = [];
    for (let i = 0; i < 7; i += 1)
      written.push(await record({ actor: { subject: 'u-9' } }, i % 3 !== 0));
    written.push(await record({ actor: { subject: 'sa', userId: 'u-9' } }, true));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const query = `/v1/audit?user=u-9&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await h.call('auditor', 'GET', query);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(res.body));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }

    const expected = [...written]
      .sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1))
      .map((e) => e.id);
    expect(seen).toEqual(expected);
  });

  it.each([
    ['from after to', '?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z'],
    ['bad from', '?from=yesterday'],
    ['bad decision', '?decision=maybe'],
    ['limit zero', '?limit=0'],
    ['unknown filter', '?subject=u-1'],
    ['garbage cursor', '?cursor=%24%24%24'],
  ])('when the query is bad (%s), then 400', async (_n, query) => {
    const res = await h.call('auditor', 'GET', `/v1/audit${query}`);

    expect(res.status).toBe(400);
  });

  it('when a cursor is reused with other filters, then 400', async () => {
    await record({});
    await record({});
    const first = await h.call('auditor', 'GET', '/v1/audit?limit=1');

    const res = await h.call(
      'auditor',
      'GET',
      `/v1/audit?limit=1&action=x&cursor=${first.body.nextCursor}`,
    );

    expect(res.status).toBe(400);
  });

  it('when an approver or agent queries the audit log, then 403', async () => {
    expect((await h.call('approver', 'GET', '/v1/audit')).status).toBe(403);
    expect((await h.call('agent', 'GET', '/v1/audit')).status).toBe(403);
  });
});

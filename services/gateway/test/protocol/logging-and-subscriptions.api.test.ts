import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modernPost, startHarness, type Harness } from '../mcp/support.js';
import { openLegacySession } from './legacy-session.js';

describe('logging/setLevel and resources/subscribe through the gateway', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('when a legacy agent sets a valid log level, then the gateway answers {} and audits it', async () => {
    const agent = await openLegacySession(`${h.url}/mcp/legacy`, await h.token('crm.read'));

    const reply = await agent.request('logging/setLevel', { level: 'info' });

    expect(reply['result']).toEqual({});
    expect(h.audit.at(-1)).toMatchObject({ action: 'mcp.logging/setLevel', outcome: 'success' });
  });

  it('when the level is not one of the spec levels, then it is refused with a JSON-RPC error', async () => {
    const agent = await openLegacySession(`${h.url}/mcp`, await h.token('crm.read'));

    const reply = await agent.request('logging/setLevel', { level: 'verbose' });

    // The SDK's schema check refuses it before the gateway's handler runs.
    expect(reply['result']).toBeUndefined();
    expect(reply['error']).toMatchObject({ code: expect.any(Number) });
  });

  it('when a legacy agent subscribes and unsubscribes, then both answer {}', async () => {
    const agent = await openLegacySession(`${h.url}/mcp/legacy`, await h.token('crm.read'));

    const subscribed = await agent.request('resources/subscribe', { uri: 'test://watched' });
    const unsubscribed = await agent.request('resources/unsubscribe', { uri: 'test://watched' });

    expect(subscribed['result']).toEqual({});
    expect(unsubscribed['result']).toEqual({});
    expect(h.legacy.requests.some((r) => JSON.stringify(r.body).includes('subscribe'))).toBe(false);
  });

  it('when a 2026-07-28 agent sends logging/setLevel, then the method does not exist', async () => {
    const reply = await modernPost(
      `${h.url}/mcp/crm`,
      await h.token('crm.read'),
      'logging/setLevel',
      {
        level: 'info',
      },
    );

    expect(reply.json?.['error']).toMatchObject({ code: -32601 });
  });
});

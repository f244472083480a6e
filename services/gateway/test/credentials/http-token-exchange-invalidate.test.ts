import { describe, expect, it } from 'vitest';
import { createHttpTokenExchange } from '../../src/data-access/secrets/http-token-exchange.js';

const SUBJECT = 'agent-subject-token-31aa';
const REQUEST = { subjectToken: SUBJECT, audience: 'crm-backend' };

/** An auth service stand-in at the fetch seam: answers `exchanged-<n>` per request. */
function fakeAuth() {
  const state = { calls: 0, release: undefined as (() => void) | undefined, hold: false };
  const fetchFn = (async () => {
    state.calls += 1;
    const n = state.calls;
    if (state.hold) await new Promise<void>((resolve) => (state.release = resolve));
    return new Response(JSON.stringify({ access_token: `exchanged-${n}`, expires_in: 300 }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
  const exchange = createHttpTokenExchange({
    url: 'http://auth.test/auth/token-exchange',
    serviceToken: async () => 'gateway-service-token',
    fetch: fetchFn,
    now: () => Date.parse('2026-03-01T10:00:00.000Z'),
  });
  return { state, exchange };
}

describe('createHttpTokenExchange invalidate', () => {
  it('when the cached token is invalidated as refused, then the next exchange asks the auth service again', async () => {
    const { state, exchange } = fakeAuth();
    const first = await exchange.exchange(REQUEST);

    exchange.invalidate(REQUEST, first.accessToken);
    const second = await exchange.exchange(REQUEST);

    expect(first.accessToken).toBe('exchanged-1');
    expect(second.accessToken).toBe('exchanged-2');
    expect(state.calls).toBe(2);
  });

  it('when invalidated without naming a token, then the cached token is dropped as well', async () => {
    const { state, exchange } = fakeAuth();
    await exchange.exchange(REQUEST);

    exchange.invalidate(REQUEST);
    const again = await exchange.exchange(REQUEST);

    expect(again.accessToken).toBe('exchanged-2');
    expect(state.calls).toBe(2);
  });

  it('when a concurrent call already replaced the refused token, then the newer token is kept', async () => {
    const { state, exchange } = fakeAuth();
    await exchange.exchange(REQUEST);
    exchange.invalidate(REQUEST, 'exchanged-1');
    await exchange.exchange(REQUEST);

    exchange.invalidate(REQUEST, 'exchanged-1');
    const kept = await exchange.exchange(REQUEST);

    expect(kept.accessToken).toBe('exchanged-2');
    expect(state.calls).toBe(2);
  });

  it('when a fresh exchange is still pending, then invalidating the refused token keeps it and callers share it', async () => {
    const { state, exchange } = fakeAuth();
    await exchange.exchange(REQUEST);
    exchange.invalidate(REQUEST, 'exchanged-1');
    state.hold = true;
    const pending = exchange.exchange(REQUEST);
    await new Promise((resolve) => setImmediate(resolve));

    exchange.invalidate(REQUEST, 'exchanged-1');
    const sharing = exchange.exchange(REQUEST);
    state.release?.();

    expect((await pending).accessToken).toBe('exchanged-2');
    expect((await sharing).accessToken).toBe('exchanged-2');
    expect(state.calls).toBe(2);
  });

  it('when another subject or audience is invalidated, then this cached token stays', async () => {
    const { state, exchange } = fakeAuth();
    await exchange.exchange(REQUEST);

    exchange.invalidate({ ...REQUEST, audience: 'payroll-backend' });
    exchange.invalidate({ ...REQUEST, subjectToken: 'someone-else' });
    const cached = await exchange.exchange(REQUEST);

    expect(cached.accessToken).toBe('exchanged-1');
    expect(state.calls).toBe(1);
  });
});

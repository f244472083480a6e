import { describe, expect, it } from 'vitest';
import { cookiePolicy } from '../../src/sessions/session-cookies.js';
import { createMemorySessionStore } from '../../src/sessions/memory-session-store.js';
import { createSessionService } from '../../src/sessions/session-service.js';
import { safeReturnTo } from '../../src/console/return-to.js';

const USER = {
  subject: 's',
  username: 'u',
  name: 'U',
  groups: [],
  roles: [],
  scopes: [],
  idToken: 'id',
  accessToken: 'at',
  accessTokenExpiresAt: 0,
};

function service() {
  let now = 1_000_000;
  const store = createMemorySessionStore();
  const sessions = createSessionService(
    store,
    { absoluteSeconds: 3600, idleSeconds: 600, loginSeconds: 60 },
    () => now,
  );
  return { sessions, store, tick: (ms: number) => (now += ms), now: () => now };
}

describe('createSessionService', () => {
  it('when the session is used within the idle timeout, then it lives until the absolute expiry and no longer', async () => {
    const { sessions, tick } = service();
    const { cookieValue } = await sessions.create(USER);

    for (let i = 0; i < 6; i += 1) {
      tick(9 * 60 * 1000);
      expect(await sessions.resume(cookieValue)).toBeDefined();
    }
    tick(7 * 60 * 1000);

    expect(await sessions.resume(cookieValue)).toBeUndefined();
  });

  it('when the session is stored, then its key is a hash and never the cookie value', async () => {
    const { sessions, store, now } = service();
    const { cookieValue, session } = await sessions.create(USER);

    expect(session.key).not.toBe(cookieValue);
    expect(await store.get(cookieValue, now())).toBeUndefined();
  });

  it('when a login transaction is redeemed twice or after its lifetime, then it is found only the first time in time', async () => {
    const { sessions, tick } = service();
    const login = { state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/' };
    const first = await sessions.beginLogin(login);
    const late = await sessions.beginLogin(login);

    expect(await sessions.redeemLogin(first)).toMatchObject({ state: 's' });
    expect(await sessions.redeemLogin(first)).toBeUndefined();
    tick(61_000);
    expect(await sessions.redeemLogin(late)).toBeUndefined();
  });

  it('when records expire, then sweep deletes them and reports how many', async () => {
    const { sessions, tick } = service();
    await sessions.create(USER);
    await sessions.beginLogin({ state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/' });

    tick(3_601_000);

    expect(await sessions.sweep()).toBe(2);
  });
});

describe('cookiePolicy', () => {
  it('when the public URL is https, then cookies are __Host- prefixed and Secure', () => {
    expect(cookiePolicy('https://console.example.com')).toEqual({
      session: '__Host-mcpgw_session',
      login: '__Host-mcpgw_login',
      secure: true,
    });
  });

  it('when the public URL is plain http on another host than 127.0.0.1, then cookies stay Secure', () => {
    expect(cookiePolicy('http://auth.internal:7002').secure).toBe(true);
    expect(cookiePolicy('http://127.0.0.1:7002').secure).toBe(false);
  });
});

describe('safeReturnTo', () => {
  it.each([
    ['/servers?x=1#y', '/servers?x=1#y'],
    ['https://evil.example', '/'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['\\\\evil.example', '/'],
    ['/ok\r\nSet-Cookie: x', '/'],
    ['servers', '/'],
    [undefined, '/'],
    [['/a', '/b'], '/'],
  ])('when returnTo is %j, then the result is %s', (raw, expected) => {
    expect(safeReturnTo(raw)).toBe(expected);
  });
});

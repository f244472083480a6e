import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrowser, parseForm, postForm, type Browser } from './browser.js';
import { startConsoleAuth, type ConsoleAuth } from './console-harness.js';

const SESSION = 'mcpgw_session';
const LOGIN = 'mcpgw_login';

describe('console login (embedded provider)', () => {
  let auth: ConsoleAuth;

  beforeAll(async () => {
    auth = await startConsoleAuth();
  });
  afterAll(async () => {
    await auth?.close();
  });

  /** Starts a login and stops at the identity provider's sign-in form. */
  async function openLoginForm(browser: Browser, returnTo = '/servers?tab=mine') {
    const start = `${auth.url}/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
    const { res, url } = await browser.follow(start);
    const html = await res.text();
    return { status: res.status, url, html, form: parseForm(html, url) };
  }

  /** Submits the sign-in form and follows redirects up to (not into) the console callback. */
  async function signIn(browser: Browser, username: string, password?: string) {
    const { form } = await openLoginForm(browser);
    const posted = await postForm(browser, form.action, {
      ...form.hidden,
      username,
      password: password ?? auth.secrets.users[username] ?? '',
    });
    const location = posted.headers.get('location');
    if (location === null) return { posted, callbackUrl: undefined };
    const { url } = await browser.follow(new URL(location, form.action).href, (u) =>
      u.startsWith(`${auth.url}/auth/callback`),
    );
    return { posted, callbackUrl: url };
  }

  async function login(browser: Browser, username: string) {
    const { callbackUrl } = await signIn(browser, username);
    return browser.fetch(callbackUrl ?? '');
  }

  async function whoAmI(browser: Browser) {
    const res = await browser.fetch(`${auth.url}/auth/session`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('when a user signs in through the dev form, then the callback creates a session and returns to the asked page', async () => {
    const browser = createBrowser();

    const callback = await login(browser, 'carol');
    const session = await whoAmI(browser);

    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/servers?tab=mine');
    expect(callback.headers.get('set-cookie')).toMatch(
      /mcpgw_session=[A-Za-z0-9_-]{43};.*HttpOnly/i,
    );
    expect(callback.headers.get('set-cookie')).toMatch(/SameSite=Lax/i);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      subject: 'carol',
      username: 'carol',
      name: 'Carol CRM',
      groups: ['team-crm'],
      roles: ['server-owner:crm'],
      scopes: ['crm.read'],
    });
    expect(session.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.body).not.toHaveProperty('idToken');
    expect(session.body).not.toHaveProperty('accessToken');
  });

  it('when the password is wrong, then the form is shown again with 401 and no session exists', async () => {
    const browser = createBrowser();

    const { posted } = await signIn(browser, 'alice', 'not-the-password');

    expect(posted.status).toBe(401);
    expect(await posted.text()).toContain('Unknown username or password');
    expect((await whoAmI(browser)).status).toBe(401);
  });

  it('when the dev form is posted without its CSRF token or from another origin, then 403', async () => {
    const browser = createBrowser();
    const { form } = await openLoginForm(browser);
    const password = auth.secrets.users.alice ?? '';

    const noToken = await postForm(browser, form.action, { username: 'alice', password });
    const foreign = await postForm(
      browser,
      form.action,
      { ...form.hidden, username: 'alice', password },
      'https://evil.example',
    );

    expect(noToken.status).toBe(403);
    expect(foreign.status).toBe(403);
  });

  it('when a logged-in user logs out with the CSRF token, then the session ends and the IdP end-session URL carries id_token_hint', async () => {
    const browser = createBrowser();
    await login(browser, 'alice');
    const { body } = await whoAmI(browser);

    const res = await browser.fetch(`${auth.url}/auth/logout`, {
      method: 'POST',
      headers: { origin: auth.url, 'x-csrf-token': String(body.csrfToken) },
    });
    const { endSessionUrl } = (await res.json()) as { endSessionUrl: string };
    const endSession = new URL(endSessionUrl);
    const idp = await browser.follow(endSessionUrl);
    const confirm = parseForm(await idp.res.text(), idp.url);
    const confirmed = await postForm(browser, confirm.action, { ...confirm.hidden, logout: 'yes' });

    expect(res.status).toBe(200);
    expect(endSession.href.startsWith(`${auth.issuer}/session/end`)).toBe(true);
    expect(endSession.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${auth.url}/`);
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe(`${auth.url}/`);
    expect((await whoAmI(browser)).status).toBe(401);
  });

  it('when logout lacks the CSRF token, has a wrong one, or comes from another origin, then 403 and the session stays', async () => {
    const browser = createBrowser();
    await login(browser, 'ann');
    const { body } = await whoAmI(browser);
    const logout = (headers: Record<string, string>) =>
      browser.fetch(`${auth.url}/auth/logout`, { method: 'POST', headers });

    const missing = await logout({ origin: auth.url });
    const wrong = await logout({ origin: auth.url, 'x-csrf-token': 'A'.repeat(43) });
    const foreign = await logout({
      origin: 'https://evil.example',
      'x-csrf-token': String(body.csrfToken),
    });
    const noOrigin = await logout({ 'x-csrf-token': String(body.csrfToken) });

    for (const res of [missing, wrong, foreign, noOrigin]) expect(res.status).toBe(403);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    expect((await whoAmI(browser)).body).toMatchObject({ username: 'ann', roles: ['approver'] });
  });

  it('when the browser arrives with a session cookie set by an attacker, then login issues a new id and the planted one stays worthless', async () => {
    const browser = createBrowser();
    const planted = 'P'.repeat(43);
    browser.setCookie(auth.url, SESSION, planted);

    await login(browser, 'rita');
    const issued = browser.cookie(auth.url, SESSION);
    const attacker = createBrowser();
    attacker.setCookie(auth.url, SESSION, planted);

    expect(issued).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued).not.toBe(planted);
    expect((await whoAmI(attacker)).status).toBe(401);
    expect((await whoAmI(browser)).body).toMatchObject({ roles: ['security-reviewer'] });
  });

  it('when the same user logs in twice, then the second login gets a different session id', async () => {
    const browser = createBrowser();
    await login(browser, 'aud');
    const first = browser.cookie(auth.url, SESSION);

    // The provider remembers the user (single sign-on): no form the second time.
    const { url } = await browser.follow(`${auth.url}/auth/login`, (u) =>
      u.startsWith(`${auth.url}/auth/callback`),
    );
    await browser.fetch(url);
    const second = browser.cookie(auth.url, SESSION);
    const stale = createBrowser();
    stale.setCookie(auth.url, SESSION, first ?? '');

    expect(second).not.toBe(first);
    expect((await whoAmI(stale)).status).toBe(401);
  });

  it.each([
    ['https://evil.example/steal'],
    ['//evil.example/steal'],
    ['/\\evil.example'],
    ['javascript:alert(1)'],
  ])('when returnTo is %s, then the login returns to / instead', async (returnTo) => {
    const browser = createBrowser();
    const { form } = await openLoginForm(browser, returnTo);
    const posted = await postForm(browser, form.action, {
      ...form.hidden,
      username: 'carol',
      password: auth.secrets.users.carol ?? '',
    });
    const { url } = await browser.follow(
      new URL(posted.headers.get('location') ?? '', form.action).href,
      (u) => u.startsWith(`${auth.url}/auth/callback`),
    );

    const callback = await browser.fetch(url);

    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/');
  });

  it('when the callback state is altered, then the login is refused with 401 and no session is created', async () => {
    const browser = createBrowser();
    const { callbackUrl } = await signIn(browser, 'carol');
    const altered = new URL(callbackUrl ?? '');
    altered.searchParams.set('state', 'x'.repeat(43));

    const res = await browser.fetch(altered.href);

    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    expect(browser.cookie(auth.url, SESSION)).toBeUndefined();
  });

  it('when the stored nonce does not match the ID token, then the login is refused', async () => {
    const browser = createBrowser();
    const { callbackUrl } = await signIn(browser, 'carol');
    auth.tamper((record) => {
      if (record.kind === 'login') record.nonce = 'n'.repeat(43);
    });

    const res = await browser.fetch(callbackUrl ?? '').finally(() => auth.tamper(() => undefined));

    expect(res.status).toBe(401);
    expect(browser.cookie(auth.url, SESSION)).toBeUndefined();
  });

  it('when the PKCE verifier does not match the challenge, then the code exchange is refused', async () => {
    const browser = createBrowser();
    const { callbackUrl } = await signIn(browser, 'carol');
    auth.tamper((record) => {
      if (record.kind === 'login') record.codeVerifier = 'v'.repeat(43);
    });

    const res = await browser.fetch(callbackUrl ?? '').finally(() => auth.tamper(() => undefined));

    expect(res.status).toBe(401);
    expect(auth.logs()).toContain('console login refused');
    expect(browser.cookie(auth.url, SESSION)).toBeUndefined();
  });

  it('when the callback arrives in another browser or is replayed, then it is refused and only the real one succeeds', async () => {
    const browser = createBrowser();
    const { callbackUrl } = await signIn(browser, 'carol');
    const other = createBrowser();

    const foreign = await other.fetch(callbackUrl ?? '');
    const first = await browser.fetch(callbackUrl ?? '');
    browser.setCookie(auth.url, LOGIN, 'L'.repeat(43));
    const replay = await browser.fetch(callbackUrl ?? '');

    expect(foreign.status).toBe(401);
    expect(other.cookie(auth.url, SESSION)).toBeUndefined();
    expect(first.status).toBe(303);
    expect(replay.status).toBe(401);
  });

  it('when the session has been idle longer than the idle timeout, then /auth/session answers 401', async () => {
    const browser = createBrowser();
    await login(browser, 'alice');

    auth.advance(31 * 60 * 1000);
    const res = await whoAmI(browser);
    auth.advance(-31 * 60 * 1000);

    expect(res.status).toBe(401);
  });
});

import type { ConsoleSession } from '../../src/sessions/session-store.js';
import { storeKey } from '../../src/sessions/session-ids.js';
import { parseForm, postForm, type Browser } from '../console/browser.js';
import type { IdentityTarget } from './identity-target.js';

/**
 * What a person does in a browser, the same for both providers: start at the console's login,
 * fill in the provider's own sign-in form (Keycloak's page or the embedded dev page), and follow
 * the redirects back to the console callback.
 */
export async function signIn(
  target: IdentityTarget,
  browser: Browser,
  returnTo = '/approvals',
): Promise<Response> {
  const toCallback = (u: string) => u.startsWith(`${target.authUrl}/auth/callback`);
  const start = `${target.authUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
  const page = await browser.follow(start);
  if (!page.url.startsWith(target.issuer))
    throw new Error(`login did not reach the provider: ${page.url}`);
  const form = parseForm(await page.res.text(), page.url);
  const posted = await postForm(browser, form.action, {
    ...form.hidden,
    username: target.user.username,
    password: target.user.password,
  });
  const location = posted.headers.get('location');
  if (location === null) throw new Error(`sign-in failed: ${posted.status}`);
  const next = new URL(location, form.action).href;
  const callback = toCallback(next) ? next : (await browser.follow(next, toCallback)).url;
  if (!toCallback(callback)) throw new Error(`did not return to the console: ${callback}`);
  return browser.fetch(callback);
}

/**
 * Follows the provider's end-session URL back to the console; a provider that asks the user to
 * confirm (the embedded one does) gets its form submitted, as the user would.
 */
export async function endProviderSession(
  target: IdentityTarget,
  browser: Browser,
  endSessionUrl: string,
): Promise<string> {
  const back = (u: string) => u === `${target.authUrl}/`;
  const page = await browser.follow(endSessionUrl, back);
  if (back(page.url)) return page.url;
  const confirm = parseForm(await page.res.text(), page.url);
  const posted = await postForm(browser, confirm.action, { ...confirm.hidden, logout: 'yes' });
  const location = posted.headers.get('location');
  if (location === null) throw new Error(`logout confirmation failed: ${posted.status}`);
  const next = new URL(location, confirm.action).href;
  return back(next) ? next : (await browser.follow(next, back)).url;
}

export async function whoAmI(target: IdentityTarget, browser: Browser) {
  const res = await browser.fetch(`${target.authUrl}/auth/session`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The user's access token, as the console keeps it server-side for the session. */
export async function sessionAccessToken(
  target: IdentityTarget,
  browser: Browser,
): Promise<string> {
  const key = storeKey(browser.cookie(target.authUrl, 'mcpgw_session') ?? '');
  const session = (await target.store.get(key, Date.now())) as ConsoleSession | undefined;
  if (session === undefined) throw new Error('no console session');
  return session.accessToken;
}

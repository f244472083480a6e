import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '@mcpgw/identity';
import { startConsoleAuth, type ConsoleAuth } from '../console/console-harness.js';
import { createBrowser, parseForm, postForm } from '../console/browser.js';
import { requestToken } from '../embedded-idp/start-embedded-auth.js';
import type { ConsoleSession } from '../../src/sessions/session-store.js';
import { storeKey } from '../../src/sessions/session-ids.js';

describe('POST /auth/token-exchange (embedded provider)', () => {
  let auth: ConsoleAuth;
  let userToken: string;

  const serviceToken = async (clientId: string) =>
    String(
      (
        await requestToken(`${auth.issuer}/token`, {
          clientId,
          secret: auth.secrets.clients[clientId] ?? '',
        })
      ).body.access_token,
    );
  const exchange = (token: string | undefined, body: unknown) =>
    fetch(`${auth.url}/auth/token-exchange`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    auth = await startConsoleAuth();
    // Carol logs in through the console; her access token (for the gateway) is the subject.
    const browser = createBrowser();
    const { res, url } = await browser.follow(`${auth.url}/auth/login`);
    const form = parseForm(await res.text(), url);
    const posted = await postForm(browser, form.action, {
      ...form.hidden,
      username: 'carol',
      password: auth.secrets.users.carol ?? '',
    });
    const callback = await browser.follow(
      new URL(posted.headers.get('location') ?? '', form.action).href,
      (u) => u.startsWith(`${auth.url}/auth/callback`),
    );
    await browser.fetch(callback.url);
    const key = storeKey(browser.cookie(auth.url, 'mcpgw_session') ?? '');
    const session = (await auth.store.get(key, Date.now())) as ConsoleSession;
    userToken = session.accessToken;
  });
  afterAll(async () => {
    await auth?.close();
  });

  it("when the gateway exchanges a user's token for an allowed backend, then the new token has that audience and the user's subject", async () => {
    const res = await exchange(await serviceToken('mcp-gateway'), {
      subjectToken: userToken,
      audience: 'crm-backend',
    });
    const body = (await res.json()) as Record<string, unknown>;
    const verifier = createTokenVerifier({
      issuers: [{ issuer: auth.issuer, audiences: ['crm-backend'] }],
    });
    const principal = await verifier.verify(String(body.access_token));

    expect(res.status).toBe(200);
    expect(body.expires_in).toBeGreaterThan(0);
    expect(principal.subject).toBe('carol');
    expect(principal.claims).toMatchObject({
      aud: 'crm-backend',
      azp: 'mcp-gateway',
      groups: ['team-crm'],
    });
    expect(decodeJwt(userToken).aud).not.toBe('crm-backend');
  });

  it('when the audience is not allowed for the exchanging client, then 403 with the OAuth error', async () => {
    const res = await exchange(await serviceToken('mcp-gateway'), {
      subjectToken: userToken,
      audience: 'payroll-backend',
    });

    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      error: { code: 'FORBIDDEN', details: { error: 'invalid_target' } },
    });
  });

  it('when the subject token is forged, then 403 invalid_grant', async () => {
    const [header, payload] = userToken.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(342)}`;

    const res = await exchange(await serviceToken('mcp-gateway'), {
      subjectToken: forged,
      audience: 'crm-backend',
    });

    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { details: { error: 'invalid_grant' } } });
  });

  it('when the caller has no service token, or one of a client not allowed to exchange, then 401 / 403', async () => {
    const anonymous = await exchange(undefined, {
      subjectToken: userToken,
      audience: 'crm-backend',
    });
    const agent = await exchange(await serviceToken('crm-agent'), {
      subjectToken: userToken,
      audience: 'crm-backend',
    });
    const userAsCaller = await exchange(userToken, {
      subjectToken: userToken,
      audience: 'crm-backend',
    });

    expect(anonymous.status).toBe(401);
    expect(agent.status).toBe(403);
    expect(userAsCaller.status).toBe(403);
  });

  it('when the body is not { subjectToken, audience }, then 400 VALIDATION_FAILED', async () => {
    const res = await exchange(await serviceToken('mcp-gateway'), { subject: userToken });

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });
});

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpTokenExchange } from '../../src/data-access/secrets/http-token-exchange.js';
import {
  onBehalfOfHeaders,
  TokenExchangeError,
} from '../../src/domain/credentials/token-exchange.js';

const SUBJECT = 'agent-subject-token-9c1e';
const SERVICE = 'gateway-service-token-42aa';

interface Seen {
  authorization: string | undefined;
  body: unknown;
}

/** A tiny stand-in for the auth service's POST /auth/token-exchange, over real HTTP. */
async function startFakeAuth() {
  const seen: Seen[] = [];
  const state = {
    status: 200,
    answer: (n: number): unknown => ({
      access_token: `exchanged-${n}`,
      token_type: 'Bearer',
      expires_in: 300,
    }),
    acceptedServiceToken: SERVICE,
    delayMs: 0,
  };
  const server: Server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const entry = { authorization: req.headers.authorization, body: JSON.parse(raw) as unknown };
      seen.push(entry);
      const reply = () => {
        if (req.url !== '/auth/token-exchange' || req.method !== 'POST') {
          res.writeHead(404).end();
        } else if (req.headers.authorization !== `Bearer ${state.acceptedServiceToken}`) {
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end('{"error":"invalid_token"}');
        } else {
          res.writeHead(state.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(state.answer(seen.length)));
        }
      };
      if (state.delayMs > 0) setTimeout(reply, state.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/auth/token-exchange`,
    seen,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('createHttpTokenExchange', () => {
  let auth: Awaited<ReturnType<typeof startFakeAuth>>;
  let now: number;
  let serviceTokenCalls: Array<{ refresh?: boolean } | undefined>;
  const serviceToken = async (options?: { refresh?: boolean }) => {
    serviceTokenCalls.push(options);
    return SERVICE;
  };
  const build = (extra: { timeoutMs?: number } = {}) =>
    createHttpTokenExchange({ url: auth.url, serviceToken, now: () => now, ...extra });

  beforeEach(async () => {
    auth = await startFakeAuth();
    now = Date.parse('2026-03-01T10:00:00.000Z');
    serviceTokenCalls = [];
  });
  afterEach(async () => {
    await auth.close();
  });

  it('when exchanging, then it posts {subjectToken, audience} with the gateway service bearer token', async () => {
    const token = await build().exchange({ subjectToken: SUBJECT, audience: 'https://crm' });
    expect(token).toEqual({ accessToken: 'exchanged-1', expiresAt: now + 300_000 });
    expect(auth.seen).toEqual([
      {
        authorization: `Bearer ${SERVICE}`,
        body: { subjectToken: SUBJECT, audience: 'https://crm' },
      },
    ]);
  });

  it('when the same subject and audience are exchanged again before expiry, then the cached token is reused', async () => {
    const port = build();
    await port.exchange({ subjectToken: SUBJECT, audience: 'https://crm' });
    now += 200_000;
    const again = await port.exchange({ subjectToken: SUBJECT, audience: 'https://crm' });
    expect(again.accessToken).toBe('exchanged-1');
    expect(auth.seen).toHaveLength(1);
  });

  it('when the cached token is within the refresh skew of expiry, then a new one is fetched', async () => {
    const port = build();
    await port.exchange({ subjectToken: SUBJECT, audience: 'https://crm' });
    now += 271_000;
    const again = await port.exchange({ subjectToken: SUBJECT, audience: 'https://crm' });
    expect(again.accessToken).toBe('exchanged-2');
    expect(auth.seen).toHaveLength(2);
  });

  it('when the audience or subject differs, then the tokens are cached separately', async () => {
    const port = build();
    const a = await port.exchange({ subjectToken: SUBJECT, audience: 'https://crm' });
    const b = await port.exchange({ subjectToken: SUBJECT, audience: 'https://erp' });
    const c = await port.exchange({ subjectToken: 'other-subject', audience: 'https://crm' });
    expect(new Set([a.accessToken, b.accessToken, c.accessToken]).size).toBe(3);
  });

  it('when concurrent exchanges miss, then they share one request', async () => {
    auth.state.delayMs = 50;
    const port = build();
    const all = await Promise.all(
      Array.from({ length: 10 }, () => port.exchange({ subjectToken: SUBJECT, audience: 'a' })),
    );
    expect(new Set(all.map((t) => t.accessToken))).toEqual(new Set(['exchanged-1']));
    expect(auth.seen).toHaveLength(1);
  });

  it('when the auth service refuses the subject token, then a clear rejected error without tokens, and the failure is not cached', async () => {
    auth.state.status = 400;
    auth.state.answer = () => ({ error: 'invalid_grant', error_description: `bad ${SUBJECT}` });
    const port = build();
    const error = await port
      .exchange({ subjectToken: SUBJECT, audience: 'https://crm' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenExchangeError);
    expect((error as TokenExchangeError).reason).toBe('rejected');
    expect((error as Error).message).toBe(
      'token exchange for audience https://crm failed (rejected): HTTP 400 invalid_grant',
    );
    expect(JSON.stringify(error) + String(error)).not.toContain(SUBJECT);
    auth.state.status = 200;
    auth.state.answer = (n) => ({ access_token: `exchanged-${n}`, expires_in: 60 });
    expect(
      (await port.exchange({ subjectToken: SUBJECT, audience: 'https://crm' })).accessToken,
    ).toBe('exchanged-2');
  });

  it("when the auth service answers 403 with the identity provider's OAuth error, then rejected naming that error", async () => {
    auth.state.status = 403;
    auth.state.answer = () => ({
      error: {
        code: 'FORBIDDEN',
        message: 'The identity provider refused the token exchange.',
        details: { error: 'invalid_target' },
      },
    });
    await expect(build().exchange({ subjectToken: SUBJECT, audience: 'a' })).rejects.toMatchObject({
      reason: 'rejected',
      message: 'token exchange for audience a failed (rejected): HTTP 403 invalid_target',
    });
  });

  it('when the auth service answers 403 without an OAuth error (the gateway may not exchange), then gateway_unauthorized', async () => {
    auth.state.status = 403;
    auth.state.answer = () => ({
      error: { code: 'FORBIDDEN', message: 'This client may not exchange tokens.' },
    });
    await expect(build().exchange({ subjectToken: SUBJECT, audience: 'a' })).rejects.toMatchObject({
      reason: 'gateway_unauthorized',
      message: 'token exchange for audience a failed (gateway_unauthorized): HTTP 403',
    });
    expect(serviceTokenCalls).toEqual([undefined]);
  });

  it('when the service token was refused once, then it is refreshed and the call retried', async () => {
    auth.state.acceptedServiceToken = 'rotated-service-token';
    const port = createHttpTokenExchange({
      url: auth.url,
      serviceToken: async (options) =>
        options?.refresh === true ? 'rotated-service-token' : SERVICE,
      now: () => now,
    });
    const token = await port.exchange({ subjectToken: SUBJECT, audience: 'a' });
    expect(token.accessToken).toBe('exchanged-2');
    expect(auth.seen.map((s) => s.authorization)).toEqual([
      `Bearer ${SERVICE}`,
      'Bearer rotated-service-token',
    ]);
  });

  it('when the service token is refused even after refresh, then gateway_unauthorized', async () => {
    auth.state.acceptedServiceToken = 'never-matches';
    await expect(build().exchange({ subjectToken: SUBJECT, audience: 'a' })).rejects.toMatchObject({
      reason: 'gateway_unauthorized',
      message: 'token exchange for audience a failed (gateway_unauthorized): HTTP 401',
    });
    expect(serviceTokenCalls).toEqual([undefined, { refresh: true }]);
  });

  it.each([
    ['no access_token', { expires_in: 60 }, 'no usable access_token'],
    ['an empty access_token', { access_token: '', expires_in: 60 }, 'no usable access_token'],
    [
      'a token with CRLF',
      { access_token: 'a\r\nX-Evil: 1', expires_in: 60 },
      'no usable access_token',
    ],
    ['no expires_in', { access_token: 't' }, 'no usable expires_in'],
    ['a string expires_in', { access_token: 't', expires_in: '60' }, 'no usable expires_in'],
    ['a negative expires_in', { access_token: 't', expires_in: -1 }, 'no usable expires_in'],
  ])('when the answer has %s, then bad_response', async (_, answer, detail) => {
    auth.state.answer = () => answer;
    const error = await build()
      .exchange({ subjectToken: SUBJECT, audience: 'a' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'bad_response' });
    expect((error as Error).message).toContain(detail);
  });

  it('when the auth service answers 5xx, then unavailable', async () => {
    auth.state.status = 503;
    await expect(build().exchange({ subjectToken: SUBJECT, audience: 'a' })).rejects.toMatchObject({
      reason: 'unavailable',
      message: 'token exchange for audience a failed (unavailable): HTTP 503',
    });
  });

  it('when the auth service does not answer in time, then unavailable naming the timeout', async () => {
    auth.state.delayMs = 500;
    await expect(
      build({ timeoutMs: 50 }).exchange({ subjectToken: SUBJECT, audience: 'a' }),
    ).rejects.toMatchObject({
      reason: 'unavailable',
      message: expect.stringContaining('timed out'),
    });
  });

  it('when the auth service is unreachable, then unavailable', async () => {
    await auth.close();
    const error = await build()
      .exchange({ subjectToken: SUBJECT, audience: 'a' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'unavailable' });
    expect(String((error as Error).message)).not.toContain(SERVICE);
    auth = await startFakeAuth();
  });
});

describe('onBehalfOfHeaders', () => {
  it('when the exchange succeeds, then the upstream gets the exchanged token as its bearer, not the subject token', async () => {
    const headers = await onBehalfOfHeaders(
      { exchange: async () => ({ accessToken: 'exchanged', expiresAt: 0 }) },
      { subjectToken: SUBJECT, audience: 'a' },
    );
    expect(headers).toEqual({ authorization: 'Bearer exchanged' });
  });
});

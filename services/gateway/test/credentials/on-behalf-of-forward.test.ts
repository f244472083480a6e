import { describe, expect, it } from 'vitest';
import { createEnvFileSecretSource } from '../../src/data-access/secrets/env-file-secret-source.js';
import {
  TokenExchangeError,
  type TokenExchangePort,
  type TokenExchangeRequest,
} from '../../src/domain/credentials/token-exchange.js';
import { forwardToUpstream, type ForwardDeps } from '../../src/domain/mcp/forward-to-upstream.js';
import { GatewayRpcError, RPC } from '../../src/domain/mcp/gateway-rpc-error.js';
import type { RequestScope } from '../../src/domain/mcp/request-scope.js';
import type {
  ProgressUpdate,
  UpstreamPort,
  UpstreamRequest,
} from '../../src/domain/routing/upstream-port.js';
import type { ServingState, UpstreamRoute } from '../../src/domain/serving/serving-types.js';

const AGENT_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.agent-token-payload.agent-token-signature';
const EXCHANGED = 'exchanged-token-for-crm-backend';
const STATIC_SECRET = 'static-api-key-1234';

function route(overrides: Partial<UpstreamRoute> = {}): UpstreamRoute {
  return {
    serverId: 'crm',
    version: '1.0.0',
    url: 'http://crm.internal.example/mcp',
    transport: 'streamable-http',
    credentialRefs: [
      { source: 'env:CRM_KEY', header: 'X-Api-Key', template: '{{secret}}' },
      { source: 'env:CRM_KEY', header: 'Authorization', template: 'Static {{secret}}' },
    ],
    onBehalfOfAudience: 'crm-backend',
    ...overrides,
  };
}

/** `null`: a request without a subject token. */
function scope(subjectToken: string | null = AGENT_TOKEN): RequestScope {
  return {
    principal: {
      subject: 'carol',
      clientId: 'crm-agent',
      groups: [],
      scopes: ['crm.read'],
    },
    agentId: 'crm-agent',
    serverFilter: undefined,
    state: {} as ServingState,
    traceparent: '00-0123456789abcdef0123456789abcdef-0123456789abcdef-01',
    ...(subjectToken === null ? {} : { subjectToken }),
    now: new Date('2026-03-01T10:00:00Z'),
    record: { reasons: ['allowed by scopes'] },
  };
}

function fakeUpstream(): UpstreamPort & { requests: UpstreamRequest[] } {
  const requests: UpstreamRequest[] = [];
  return {
    requests,
    async forward(request) {
      requests.push(request);
      return { kind: 'result', status: 200, result: { content: [] } };
    },
  };
}

function fakeExchange(
  answer: (request: TokenExchangeRequest) => Promise<string>,
): TokenExchangePort & { requests: TokenExchangeRequest[] } {
  const requests: TokenExchangeRequest[] = [];
  return {
    requests,
    async exchange(request) {
      requests.push(request);
      return { accessToken: await answer(request), expiresAt: Date.now() + 60_000 };
    },
    invalidate: () => undefined,
  };
}

function deps(upstream: UpstreamPort, tokenExchange?: TokenExchangePort): ForwardDeps {
  return {
    upstream,
    secrets: createEnvFileSecretSource({ CRM_KEY: STATIC_SECRET }),
    ...(tokenExchange === undefined ? {} : { tokenExchange }),
  };
}

const call = (
  d: ForwardDeps,
  s: RequestScope,
  r: UpstreamRoute,
  onProgress?: (update: ProgressUpdate) => void,
) =>
  forwardToUpstream(
    d,
    s,
    r,
    'tools/call',
    { name: 'get_contact', arguments: { id: 'c-1' } },
    new AbortController().signal,
    onProgress === undefined ? {} : { onProgress },
  );

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('forwardToUpstream on behalf of the user', () => {
  it("when the route has an on-behalf-of audience, then the agent's token is exchanged for it and sent as Authorization over the credential headers", async () => {
    const upstream = fakeUpstream();
    const exchange = fakeExchange(async () => EXCHANGED);

    await call(deps(upstream, exchange), scope(), route());

    expect(exchange.requests).toEqual([{ subjectToken: AGENT_TOKEN, audience: 'crm-backend' }]);
    expect(upstream.requests[0]?.headers).toEqual({
      'x-api-key': STATIC_SECRET,
      authorization: `Bearer ${EXCHANGED}`,
    });
    expect(JSON.stringify(upstream.requests)).not.toContain(AGENT_TOKEN);
  });

  it('when the route has no on-behalf-of audience, then nothing is exchanged and only the credential headers go upstream', async () => {
    const upstream = fakeUpstream();
    const exchange = fakeExchange(async () => EXCHANGED);

    await call(deps(upstream, exchange), scope(), route({ onBehalfOfAudience: undefined }));

    expect(exchange.requests).toHaveLength(0);
    expect(upstream.requests[0]?.headers).toEqual({
      'x-api-key': STATIC_SECRET,
      authorization: `Static ${STATIC_SECRET}`,
    });
  });

  it.each([
    ['no token exchange is wired', undefined, AGENT_TOKEN, 'token exchange not configured'],
    [
      'the request carries no subject token',
      fakeExchange(async () => EXCHANGED),
      null,
      'no subject token',
    ],
    [
      'the auth service refuses the exchange',
      fakeExchange(async (r) => {
        throw new TokenExchangeError('rejected', r.audience, 'HTTP 403 invalid_target');
      }),
      AGENT_TOKEN,
      'exchange rejected',
    ],
    [
      'the auth service is down',
      fakeExchange(async (r) => {
        throw new TokenExchangeError('unavailable', r.audience, 'auth service no answer');
      }),
      AGENT_TOKEN,
      'exchange unavailable',
    ],
    [
      'the port fails with something unexpected',
      fakeExchange(async () => {
        throw new TypeError('boom');
      }),
      AGENT_TOKEN,
      'exchange failed',
    ],
  ] as const)(
    'when %s, then the call fails closed with CREDENTIALS_UNAVAILABLE, nothing is sent and the audit record says why',
    async (_case, exchange, subjectToken, cause) => {
      const upstream = fakeUpstream();
      const s = scope(subjectToken);

      const error = await rejection(call(deps(upstream, exchange), s, route()));

      expect(error).toBeInstanceOf(GatewayRpcError);
      expect(error).toMatchObject({
        code: RPC.CREDENTIALS_UNAVAILABLE,
        message: 'Upstream credentials unavailable',
      });
      expect(JSON.stringify(error)).not.toContain(AGENT_TOKEN);
      expect(upstream.requests).toHaveLength(0);
      expect(s.record).toMatchObject({
        outcome: 'failure',
        reasons: ['allowed by scopes', `on-behalf-of token: ${cause}`],
      });
    },
  );

  it('when a progress callback is given, then the very same callback reaches the upstream port', async () => {
    const upstream = fakeUpstream();
    const onProgress = (_update: ProgressUpdate) => undefined;

    await call(deps(upstream), scope(), route({ onBehalfOfAudience: undefined }), onProgress);
    await call(deps(upstream), scope(), route({ onBehalfOfAudience: undefined }));

    expect(upstream.requests[0]?.onProgress).toBe(onProgress);
    expect(upstream.requests[1]).not.toHaveProperty('onProgress');
  });
});

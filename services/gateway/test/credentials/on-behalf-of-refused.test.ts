import { describe, expect, it } from 'vitest';
import { createEnvFileSecretSource } from '../../src/data-access/secrets/env-file-secret-source.js';
import {
  TokenExchangeError,
  type TokenExchangePort,
  type TokenExchangeRequest,
} from '../../src/domain/credentials/token-exchange.js';
import { forwardToUpstream } from '../../src/domain/mcp/forward-to-upstream.js';
import { RPC } from '../../src/domain/mcp/gateway-rpc-error.js';
import type { RequestScope } from '../../src/domain/mcp/request-scope.js';
import {
  UpstreamFailure,
  type UpstreamPort,
  type UpstreamRequest,
} from '../../src/domain/routing/upstream-port.js';
import type { ServingState, UpstreamRoute } from '../../src/domain/serving/serving-types.js';

const AGENT_TOKEN = 'agent-token-5b1d';
const STATIC_SECRET = 'static-key-77e0';

/** `null`: a server without on-behalf-of. */
function route(onBehalfOfAudience: string | null = 'crm-backend'): UpstreamRoute {
  return {
    serverId: 'crm',
    version: '1.0.0',
    url: 'http://crm.internal.example/mcp',
    transport: 'streamable-http',
    credentialRefs: [{ source: 'env:CRM_KEY', header: 'X-Api-Key', template: '{{secret}}' }],
    ...(onBehalfOfAudience === null ? {} : { onBehalfOfAudience }),
  };
}

function scope(): RequestScope {
  return {
    principal: {
      subject: 'carol',
      clientId: 'crm-agent',
      groups: [],
      scopes: ['crm.read'],
      roles: [],
      claims: {},
    } as unknown as RequestScope['principal'],
    agentId: 'crm-agent',
    serverFilter: undefined,
    state: {} as ServingState,
    traceparent: '00-0123456789abcdef0123456789abcdef-0123456789abcdef-01',
    subjectToken: AGENT_TOKEN,
    now: new Date('2026-03-01T10:00:00Z'),
    record: { reasons: ['allowed by scopes'] },
  };
}

/** Refuses the first `refusals` calls with 401, then answers. */
function upstream(refusals: number): UpstreamPort & { requests: UpstreamRequest[] } {
  const requests: UpstreamRequest[] = [];
  return {
    requests,
    async forward(request) {
      requests.push(request);
      if (requests.length <= refusals) throw new UpstreamFailure('unauthorized', 401);
      return { kind: 'result', status: 200, result: { content: [] } };
    },
  };
}

/** Hands out `exchanged-1`, `exchanged-2`… and records every invalidation. */
function exchange(failFrom = Number.POSITIVE_INFINITY) {
  const requests: TokenExchangeRequest[] = [];
  const invalidated: Array<{ request: TokenExchangeRequest; refused: string | undefined }> = [];
  const port: TokenExchangePort = {
    async exchange(request) {
      requests.push(request);
      if (requests.length >= failFrom) {
        throw new TokenExchangeError('rejected', request.audience, 'HTTP 400 invalid_grant');
      }
      return { accessToken: `exchanged-${requests.length}`, expiresAt: Date.now() + 60_000 };
    },
    invalidate: (request, refused) => void invalidated.push({ request, refused }),
  };
  return { port, requests, invalidated };
}

const send = (
  up: UpstreamPort,
  port: TokenExchangePort | undefined,
  s: RequestScope,
  r = route(),
) =>
  forwardToUpstream(
    {
      upstream: up,
      secrets: createEnvFileSecretSource({ CRM_KEY: STATIC_SECRET }),
      ...(port === undefined ? {} : { tokenExchange: port }),
    },
    s,
    r,
    'tools/call',
    { name: 'get_contact', arguments: {} },
    new AbortController().signal,
  );

const bearers = (requests: UpstreamRequest[]) => requests.map((r) => r.headers['authorization']);

describe('forwardToUpstream when an on-behalf-of upstream answers 401', () => {
  it('when the upstream refuses the exchanged token once, then that token is invalidated, a fresh one exchanged and the call resent once with it', async () => {
    const up = upstream(1);
    const ex = exchange();

    const result = await send(up, ex.port, scope());

    expect(result).toEqual({ content: [] });
    expect(bearers(up.requests)).toEqual(['Bearer exchanged-1', 'Bearer exchanged-2']);
    expect(ex.invalidated).toEqual([
      { request: { subjectToken: AGENT_TOKEN, audience: 'crm-backend' }, refused: 'exchanged-1' },
    ]);
    expect(ex.requests).toHaveLength(2);
    expect(up.requests[1]?.headers['x-api-key']).toBe(STATIC_SECRET);
    expect(JSON.stringify(up.requests)).not.toContain(AGENT_TOKEN);
  });

  it('when the upstream refuses the fresh token too, then there is no third attempt and the agent gets upstream unavailable', async () => {
    const up = upstream(5);
    const ex = exchange();
    const s = scope();

    const error = await send(up, ex.port, s).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: RPC.UPSTREAM_UNAVAILABLE });
    expect(up.requests).toHaveLength(2);
    expect(ex.requests).toHaveLength(2);
    expect(ex.invalidated).toHaveLength(1);
    expect(s.record.upstreamStatus).toBe(401);
  });

  it('when the auth service refuses the re-exchange, then the call fails closed with CREDENTIALS_UNAVAILABLE and is not resent', async () => {
    const up = upstream(1);
    const ex = exchange(2);
    const s = scope();

    const error = await send(up, ex.port, s).catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: RPC.CREDENTIALS_UNAVAILABLE,
      message: 'Upstream credentials unavailable',
    });
    expect(up.requests).toHaveLength(1);
    expect(s.record).toMatchObject({
      outcome: 'failure',
      reasons: ['allowed by scopes', 'on-behalf-of token: exchange rejected'],
    });
  });

  it('when a server without an on-behalf-of audience answers 401, then nothing is exchanged or invalidated and the retry carries the static credentials', async () => {
    const up = upstream(1);
    const ex = exchange();

    await send(up, ex.port, scope(), route(null));

    expect(ex.requests).toHaveLength(0);
    expect(ex.invalidated).toHaveLength(0);
    expect(up.requests.map((r) => r.headers)).toEqual([
      { 'x-api-key': STATIC_SECRET },
      { 'x-api-key': STATIC_SECRET },
    ]);
  });
});

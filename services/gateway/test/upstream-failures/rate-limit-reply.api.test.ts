import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '@mcpgw/mcp';
import {
  GatewayRpcError,
  httpReplyOf,
  rateLimited,
  rememberHttpReply,
} from '../../src/domain/mcp/gateway-rpc-error.js';
import { httpReplyForError, withRecordedHttpReply } from '../../src/http/json-rpc-reply.js';
import {
  callTool,
  fixtureTools,
  startGateway,
  toolCalls,
  type GatewayUnderTest,
} from './harness.js';

describe('rate-limited tools/call', () => {
  let upstream: FixtureServer;
  let gateway: GatewayUnderTest;
  beforeAll(async () => {
    upstream = await startFixtureServer({ era: 'stateless', tools: fixtureTools() });
    gateway = await startGateway({
      upstreams: { crm: upstream.url },
      limiter: { check: () => ({ allowed: false, retryAfterSeconds: 6.2 }) },
    });
  }, 30_000);
  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  it('when the limiter rejects, then the agent gets the rate-limit JSON-RPC error with the seconds to wait and the upstream is not called', async () => {
    const res = await callTool(gateway, 'crm__lookup');
    expect(res.json.error).toMatchObject({
      code: -32029,
      message: 'Rate limit exceeded',
      data: { retryAfterSeconds: 7 },
    });
    expect(toolCalls(upstream.requests)).toHaveLength(0);
    expect(gateway.audit.at(-1)).toMatchObject({ outcome: 'denied' });
  });
});

describe('withRecordedHttpReply', () => {
  it('when the request recorded a rate-limit error, then the SDK response becomes 429 with Retry-After and the same body', async () => {
    const record = {};
    rememberHttpReply(record, rateLimited(3));
    const body = '{"jsonrpc":"2.0","id":1,"error":{"code":-32029}}';
    const sdk = new Response(body, {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
    const mapped = withRecordedHttpReply(sdk, record);
    expect(mapped.status).toBe(429);
    expect(mapped.headers.get('retry-after')).toBe('3');
    expect(mapped.headers.get('content-type')).toBe('application/json');
    expect(await mapped.text()).toBe(body);
    expect(httpReplyOf(record)).toEqual({ status: 429, headers: { 'retry-after': '3' } });
  });

  it('when nothing was recorded, then the SDK response is passed through', () => {
    const sdk = new Response('{}', { status: 200 });
    expect(withRecordedHttpReply(sdk, {})).toBe(sdk);
  });
});

describe('httpReplyForError', () => {
  it('when the fast path catches a rate-limit error, then it maps to 429 with Retry-After; other errors stay 200', () => {
    expect(httpReplyForError(rateLimited(0.2))).toEqual({
      status: 429,
      headers: { 'retry-after': '1' },
    });
    expect(httpReplyForError(new GatewayRpcError(-32010, 'Upstream timed out')).status).toBe(200);
  });
});

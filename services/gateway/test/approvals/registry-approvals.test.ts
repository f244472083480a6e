import { describe, expect, it } from 'vitest';
import { createRegistryApprovals } from '../../src/data-access/registry-approvals.js';

function recordingFetch(answers: Array<{ status: number; body: unknown }>) {
  const calls: Array<{ url: string; method: string; auth: string; body?: unknown }> = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    calls.push({
      url,
      method: init.method ?? 'GET',
      auth: headers['authorization'] ?? '',
      ...(init.body === undefined ? {} : { body: JSON.parse(String(init.body)) }),
    });
    const next = answers.shift()!;
    return new Response(JSON.stringify(next.body), { status: next.status });
  }) as unknown as typeof fetch;
  return { fetchFn, calls };
}

describe('createRegistryApprovals', () => {
  it('when an approval is created and read, then the internal API is called with the service token and answers are mapped', async () => {
    const { fetchFn, calls } = recordingFetch([
      { status: 401, body: { error: 'expired' } },
      { status: 201, body: { id: 'a1', status: 'pending', expiresAt: '2026-03-01T10:02:00Z' } },
      { status: 200, body: { id: 'a1', status: 'approved' } },
    ]);
    const tokens: boolean[] = [];
    const port = createRegistryApprovals({
      registryUrl: 'http://registry.test/',
      tokenProvider: async (o) => (tokens.push(o?.refresh === true), `tok-${tokens.length}`),
      fetch: fetchFn,
    });
    const request = {
      agentId: 'agent-a',
      subject: 's',
      serverId: 'crm',
      tool: 'erase',
      environment: 'dev',
      argumentsDigest: `sha256:${'0'.repeat(64)}`,
      reasons: ['r'],
      ttlSeconds: 120,
    };
    expect(await port.create(request)).toEqual({ id: 'a1', expiresAt: '2026-03-01T10:02:00Z' });
    expect(await port.status('a1')).toBe('approved');
    expect(tokens).toEqual([false, true, false]);
    expect(calls.map((c) => `${c.method} ${c.url} ${c.auth}`)).toEqual([
      'POST http://registry.test/internal/v1/approvals Bearer tok-1',
      'POST http://registry.test/internal/v1/approvals Bearer tok-2',
      'GET http://registry.test/internal/v1/approvals/a1 Bearer tok-3',
    ]);
    expect(calls[1]!.body).toEqual(request);
  });

  it('when the registry answers an error or an unknown status, then the call rejects without echoing the body', async () => {
    const { fetchFn } = recordingFetch([
      { status: 503, body: { detail: 'down' } },
      { status: 200, body: { status: 'maybe' } },
    ]);
    const port = createRegistryApprovals({
      registryUrl: 'http://registry.test',
      tokenProvider: async () => 'tok',
      fetch: fetchFn,
    });
    await expect(port.status('a1')).rejects.toThrow('registry approvals answered 503');
    await expect(port.status('a1')).rejects.toThrow(
      'registry approvals answered an invalid status',
    );
  });
});

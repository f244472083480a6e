import { describe, expect, it, vi } from 'vitest';
import { isAppError } from '@mcpgw/errors';
import {
  createGuardedLookup,
  createStaticLookup,
  resolveAndCheck,
  type NetGuardPolicy,
} from '@mcpgw/net-guard';

async function outcome(promise: Promise<unknown>): Promise<unknown> {
  try {
    return await promise;
  } catch (err) {
    if (!isAppError(err)) throw err;
    return { code: err.code, details: err.details };
  }
}

describe('resolveAndCheck', () => {
  it.each([
    [['10.0.0.5'], 'private'],
    [['169.254.169.254'], 'metadata'],
    [['::1'], 'loopback'],
    [['::ffff:127.0.0.1'], 'loopback'],
    [['0.0.0.0'], 'unspecified'],
    [['fd00:ec2::254'], 'metadata'],
  ])(
    'when the name resolves to %j, then rejects with SSRF_BLOCKED (%s)',
    async (answers, reason) => {
      const lookup = createStaticLookup({ 'innocent.test': answers });

      const result = await outcome(resolveAndCheck('innocent.test', {}, lookup));

      expect(result).toEqual({ code: 'SSRF_BLOCKED', details: { reason, host: 'innocent.test' } });
    },
  );

  it.each([
    [['93.184.215.14', '10.0.0.5']],
    [['10.0.0.5', '93.184.215.14']],
    [['2606:4700:4700::1111', '::1']],
    [['8.8.8.8', '169.254.169.254', '8.8.4.4']],
  ])('when answers mix public and internal (%j), then rejects the name', async (answers) => {
    const lookup = createStaticLookup({ 'rebind.test': answers });

    const result = await outcome(resolveAndCheck('rebind.test', {}, lookup));

    expect(result).toMatchObject({ code: 'SSRF_BLOCKED' });
  });

  it('when every answer is public, then returns all of them with their families', async () => {
    const lookup = createStaticLookup({ 'mcp.example.com': ['93.184.215.14', '2606:2800::1'] });

    const result = await resolveAndCheck('mcp.example.com', {}, lookup);

    expect(result).toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800::1', family: 6 },
    ]);
  });

  it('when the name is allow-listed, then admits its private answers but not loopback', async () => {
    const policy: NetGuardPolicy = { allowPrivateNetworks: ['mcp.internal.corp'] };
    const lookup = createStaticLookup({
      'mcp.internal.corp': ['10.1.2.3'],
      'other.internal.corp': ['10.1.2.3'],
      'loop.internal.corp': ['127.0.0.1'],
    });

    await expect(resolveAndCheck('mcp.internal.corp.', policy, lookup)).resolves.toEqual([
      { address: '10.1.2.3', family: 4 },
    ]);
    expect(await outcome(resolveAndCheck('other.internal.corp', policy, lookup))).toMatchObject({
      details: { reason: 'private' },
    });
    const loopPolicy: NetGuardPolicy = { allowPrivateNetworks: ['loop.internal.corp'] };
    expect(await outcome(resolveAndCheck('loop.internal.corp', loopPolicy, lookup))).toMatchObject({
      details: { reason: 'loopback' },
    });
  });

  it('when the host is an IP literal, then checks it without resolving', async () => {
    const lookup = vi.fn(createStaticLookup({}));

    expect(await outcome(resolveAndCheck('10.0.0.5', {}, lookup))).toMatchObject({
      details: { reason: 'private' },
    });
    await expect(resolveAndCheck('8.8.8.8', {}, lookup)).resolves.toEqual([
      { address: '8.8.8.8', family: 4 },
    ]);
    expect(lookup).not.toHaveBeenCalled();
  });

  it('when the name does not resolve, then rejects with UPSTREAM_FAILED', async () => {
    const result = await outcome(resolveAndCheck('missing.test', {}, createStaticLookup({})));

    expect(result).toEqual({
      code: 'UPSTREAM_FAILED',
      details: { reason: 'dns_failed', host: 'missing.test' },
    });
  });
});

describe('createGuardedLookup', () => {
  const lookup = createStaticLookup({ 'ok.test': ['93.184.215.14'], 'bad.test': ['10.0.0.5'] });
  const guarded = createGuardedLookup({}, lookup);

  function call(hostname: string, all: boolean): Promise<unknown[]> {
    return new Promise((resolve) => {
      guarded(hostname, { all }, (err, address, family) => resolve([err, address, family]));
    });
  }

  it('when one address is asked for, then answers in the single-address form', async () => {
    expect(await call('ok.test', false)).toEqual([null, '93.184.215.14', 4]);
  });

  it('when all addresses are asked for, then answers with the list', async () => {
    const [err, addresses] = await call('ok.test', true);

    expect(err).toBeNull();
    expect(addresses).toEqual([{ address: '93.184.215.14', family: 4 }]);
  });

  it('when the name resolves to a private address, then fails with SSRF_BLOCKED', async () => {
    const [err] = await call('bad.test', true);

    expect(isAppError(err) && err.code).toBe('SSRF_BLOCKED');
  });

  it('when the name is localhost, then fails before resolving', async () => {
    const [err] = await call('localhost', false);

    expect(isAppError(err) && err.details?.['reason']).toBe('loopback');
  });
});

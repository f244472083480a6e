import { describe, expect, it } from 'vitest';
import { isAppError } from '@mcpgw/errors';
import { assertUrlAllowed, type NetGuardPolicy } from '@mcpgw/net-guard';

const NO_EXEMPTIONS: NetGuardPolicy = {};

function rejection(url: string, policy: NetGuardPolicy = NO_EXEMPTIONS): unknown {
  try {
    assertUrlAllowed(url, policy);
  } catch (err) {
    if (!isAppError(err)) throw err;
    return { code: err.code, reason: err.details?.['reason'] };
  }
  return 'allowed';
}

describe('assertUrlAllowed', () => {
  it.each([
    ['http://127.0.0.1/', 'loopback'],
    ['https://127.0.0.1:443/mcp', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://0x7f000001/', 'loopback'],
    ['http://0177.0.0.1/', 'loopback'],
    ['http://017700000001/', 'loopback'],
    ['http://127.0.0.1./', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://[::ffff:7f00:1]/', 'loopback'],
    ['http://[0:0:0:0:0:ffff:127.0.0.1]/', 'loopback'],
    ['http://[::127.0.0.1]/', 'loopback'],
    ['http://[64:ff9b::7f00:1]/', 'loopback'],
    ['http://[2002:7f00:1::]/', 'loopback'],
    ['http://localhost/', 'loopback'],
    ['http://LOCALHOST:8080/', 'loopback'],
    ['http://localhost./', 'loopback'],
    ['http://api.localhost/', 'loopback'],
    ['http://[::]/', 'unspecified'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://0/', 'unspecified'],
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://0xa9fea9fe/', 'metadata'],
    ['http://169.254.170.2/v2/credentials', 'metadata'],
    ['http://[fd00:ec2::254]/', 'metadata'],
    ['http://[::ffff:169.254.169.254]/', 'metadata'],
    ['http://[64:ff9b::a9fe:a9fe]/', 'metadata'],
    ['http://[2002:a9fe:a9fe::]/', 'metadata'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata'],
    ['http://10.0.0.5/', 'private'],
    ['http://172.16.3.4/', 'private'],
    ['http://192.168.1.1./', 'private'],
    ['http://[::ffff:10.0.0.5]/', 'private'],
    ['http://100.64.0.1/', 'cgnat'],
    ['http://[fc00::1]/', 'unique_local'],
    ['http://[fe80::1]/', 'link_local'],
    ['http://169.254.1.1/', 'link_local'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://255.255.255.255/', 'broadcast'],
    ['http://240.0.0.1/', 'reserved'],
  ])('when the URL is %s, then rejects with SSRF_BLOCKED (%s)', (url, reason) => {
    expect(rejection(url)).toEqual({ code: 'SSRF_BLOCKED', reason });
  });

  it.each([
    'https://example.com/mcp',
    'http://mcp.example.com:8443/path?q=1',
    'http://93.184.215.14/',
    'http://8.8.8.8/',
    'http://[2606:4700:4700::1111]/',
    'http://[64:ff9b::808:808]/',
    'https://bücher.example/',
  ])('when the URL is public (%s), then returns the parsed URL', (url) => {
    const parsed = assertUrlAllowed(url, NO_EXEMPTIONS);

    expect(parsed).toBeInstanceOf(URL);
    expect(parsed.href).toBe(new URL(url).href);
  });

  it.each([
    'file:///etc/passwd',
    'gopher://example.com:70/_',
    'ftp://example.com/',
    'data:text/plain,hello',
    'javascript:alert(1)',
    'ws://example.com/',
  ])('when the scheme is not http(s) (%s), then rejects with scheme_not_allowed', (url) => {
    expect(rejection(url)).toEqual({ code: 'SSRF_BLOCKED', reason: 'scheme_not_allowed' });
  });

  it('when only https is allowed, then rejects an http URL', () => {
    const policy: NetGuardPolicy = { allowedSchemes: ['https:'] };

    expect(rejection('http://example.com/', policy)).toEqual({
      code: 'SSRF_BLOCKED',
      reason: 'scheme_not_allowed',
    });
    expect(rejection('https://example.com/', policy)).toBe('allowed');
  });

  it.each([
    'http://user:hunter2@example.com/',
    'http://user@example.com/',
    'http://:hunter2@example.com/',
    'https://example.com@10.0.0.5/',
  ])('when the URL carries credentials (%s), then rejects without echoing them', (url) => {
    let error: unknown;
    try {
      assertUrlAllowed(url, NO_EXEMPTIONS);
    } catch (err) {
      error = err;
    }

    expect(isAppError(error) && error.details?.['reason']).toBe('credentials_in_url');
    expect(JSON.stringify(isAppError(error) && [error.message, error.details])).not.toMatch(
      /hunter2|user@|example\.com@/,
    );
  });

  it.each(['not a url', 'http://', 'http://1.2.3.4.5/', ''])(
    'when the URL cannot be parsed (%j), then rejects with invalid_url',
    (url) => {
      expect(rejection(url)).toEqual({ code: 'SSRF_BLOCKED', reason: 'invalid_url' });
    },
  );

  it('when loopback is allow-listed by CIDR, then admits 127.0.0.1 and localhost only', () => {
    const policy: NetGuardPolicy = { allowPrivateNetworks: ['127.0.0.1/32'] };

    expect(rejection('http://127.0.0.1:3000/', policy)).toBe('allowed');
    expect(rejection('http://localhost:3000/', policy)).toBe('allowed');
    expect(rejection('http://127.0.0.2/', policy)).toMatchObject({ reason: 'loopback' });
    expect(rejection('http://10.0.0.5/', policy)).toMatchObject({ reason: 'private' });
  });

  it('when allowHosts is set, then rejects hosts outside it even if public', () => {
    const policy: NetGuardPolicy = { allowHosts: ['*.corp.example', 'mcp.partner.example'] };

    expect(rejection('https://crm.corp.example/mcp', policy)).toBe('allowed');
    expect(rejection('https://a.b.corp.example/', policy)).toBe('allowed');
    expect(rejection('https://mcp.partner.example/', policy)).toBe('allowed');
    expect(rejection('https://corp.example/', policy)).toMatchObject({
      reason: 'host_not_allow_listed',
    });
    expect(rejection('https://evilcorp.example/', policy)).toMatchObject({
      reason: 'host_not_allow_listed',
    });
    expect(rejection('https://8.8.8.8/', policy)).toMatchObject({
      reason: 'host_not_allow_listed',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { isAppError } from '@mcpgw/errors';
import { isAddressAllowed, type NetGuardPolicy } from '@mcpgw/net-guard';

describe('isAddressAllowed', () => {
  it('when no exemptions exist, then only public addresses pass', () => {
    const policy: NetGuardPolicy = {};

    expect(isAddressAllowed('8.8.8.8', policy)).toBe(true);
    expect(isAddressAllowed('2606:4700:4700::1111', policy)).toBe(true);
    expect(isAddressAllowed('127.0.0.1', policy)).toBe(false);
    expect(isAddressAllowed('::1', policy)).toBe(false);
    expect(isAddressAllowed('10.0.0.5', policy)).toBe(false);
  });

  it('when loopback is listed, then admits exactly the listed loopback addresses', () => {
    const policy: NetGuardPolicy = { allowPrivateNetworks: ['127.0.0.1/32', '::1/128'] };

    expect(isAddressAllowed('127.0.0.1', policy)).toBe(true);
    expect(isAddressAllowed('::ffff:127.0.0.1', policy)).toBe(true);
    expect(isAddressAllowed('::1', policy)).toBe(true);
    expect(isAddressAllowed('127.0.0.2', policy)).toBe(false);
  });

  it('when a CIDR is listed, then admits its range and nothing else', () => {
    const policy: NetGuardPolicy = { allowPrivateNetworks: ['10.20.0.0/16', 'fd12:3456::/32'] };

    expect(isAddressAllowed('10.20.0.1', policy)).toBe(true);
    expect(isAddressAllowed('10.20.255.254', policy)).toBe(true);
    expect(isAddressAllowed('fd12:3456:1::9', policy)).toBe(true);
    expect(isAddressAllowed('10.21.0.1', policy)).toBe(false);
    expect(isAddressAllowed('10.19.255.255', policy)).toBe(false);
    expect(isAddressAllowed('192.168.0.1', policy)).toBe(false);
    expect(isAddressAllowed('fd12:3457::1', policy)).toBe(false);
  });

  it('when a single IP is listed without a prefix, then admits only that IP', () => {
    const policy: NetGuardPolicy = { allowPrivateNetworks: ['10.0.0.7'] };

    expect(isAddressAllowed('10.0.0.7', policy)).toBe(true);
    expect(isAddressAllowed('10.0.0.8', policy)).toBe(false);
  });

  it('when a listed CIDR covers metadata or unspecified addresses, then they stay blocked', () => {
    const policy: NetGuardPolicy = {
      allowPrivateNetworks: ['169.254.0.0/16', '0.0.0.0/0', '::/0'],
    };

    expect(isAddressAllowed('169.254.10.10', policy)).toBe(true);
    expect(isAddressAllowed('169.254.169.254', policy)).toBe(false);
    expect(isAddressAllowed('169.254.170.2', policy)).toBe(false);
    expect(isAddressAllowed('fd00:ec2::254', policy)).toBe(false);
    expect(isAddressAllowed('0.0.0.0', policy)).toBe(false);
    expect(isAddressAllowed('::', policy)).toBe(false);
  });

  it('when a hostname is listed, then a bare address check is not widened by it', () => {
    const policy: NetGuardPolicy = { allowPrivateNetworks: ['mcp.internal.corp'] };

    expect(isAddressAllowed('10.1.2.3', policy)).toBe(false);
  });

  it('when an allow-list entry is a malformed CIDR, then throws CONFIG_INVALID', () => {
    const policy: NetGuardPolicy = { allowPrivateNetworks: ['10.0.0.0/33'] };

    let error: unknown;
    try {
      isAddressAllowed('10.0.0.1', policy);
    } catch (err) {
      error = err;
    }

    expect(isAppError(error) && error.code).toBe('CONFIG_INVALID');
  });
});

import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { appError } from '@mcpgw/errors';
import { normalizeHostname } from './hostnames.js';

export interface NetGuardPolicy {
  /** Schemes an outbound URL may use; default both http: and https:. */
  allowedSchemes?: Array<'http:' | 'https:'>;
  /**
   * Explicit exemptions for legitimately internal servers: CIDRs ('10.20.0.0/16', '::1/128'),
   * single IPs, or exact hostnames ('mcp.internal.corp'). A CIDR admits any address in it except
   * metadata, unspecified, multicast and broadcast addresses. A hostname admits only private,
   * unique-local and CGNAT answers for that name; loopback always needs a CIDR entry.
   */
  allowPrivateNetworks?: string[];
  /**
   * When non-empty, outbound connections are restricted to these hosts (exact names, IP literals,
   * or '*.corp.example' for any subdomain). Addresses are still checked.
   */
  allowHosts?: string[];
}

/** The policy with its entries parsed once; cached per policy object. */
export interface CompiledPolicy {
  readonly schemes: ReadonlySet<string>;
  readonly cidrs: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
  readonly privateHostnames: ReadonlySet<string>;
  readonly allowHosts: readonly string[];
}

const compiled = new WeakMap<NetGuardPolicy, CompiledPolicy>();

export function compilePolicy(policy: NetGuardPolicy): CompiledPolicy {
  const cached = compiled.get(policy);
  if (cached !== undefined) return cached;
  const cidrs: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> = [];
  const privateHostnames = new Set<string>();
  for (const entry of policy.allowPrivateNetworks ?? []) {
    const cidr = parseNetwork(entry);
    if (cidr !== undefined) cidrs.push(cidr);
    else privateHostnames.add(normalizeHostname(entry));
  }
  const result: CompiledPolicy = {
    schemes: new Set(policy.allowedSchemes ?? ['http:', 'https:']),
    cidrs,
    privateHostnames,
    allowHosts: (policy.allowHosts ?? []).map(normalizeHostname),
  };
  compiled.set(policy, result);
  return result;
}

function parseNetwork(entry: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined {
  const trimmed = entry.trim();
  if (trimmed.includes('/')) {
    try {
      return ipaddr.parseCIDR(trimmed);
    } catch (cause) {
      // A typo here would silently widen or narrow the exemption; refuse it loudly instead.
      throw appError('CONFIG_INVALID', `Invalid CIDR in allowPrivateNetworks: ${trimmed}`, {
        details: { entry: trimmed },
        cause,
      });
    }
  }
  if (isIP(trimmed) === 0) return undefined;
  const address = ipaddr.parse(trimmed);
  return [address, address.kind() === 'ipv4' ? 32 : 128];
}

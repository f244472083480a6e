import type ipaddr from 'ipaddr.js';
import { classifyParsed, parseAddress, type AddressClass } from './classify-address.js';
import { compilePolicy, type CompiledPolicy, type NetGuardPolicy } from './policy.js';

// No allow-list entry admits these: credentials live behind metadata addresses, 0.0.0.0 and ::
// reach the local host on Linux, and multicast/broadcast are never an MCP server.
const NEVER_ALLOWED: ReadonlySet<AddressClass> = new Set([
  'metadata',
  'unspecified',
  'multicast',
  'broadcast',
  'invalid',
]);

// What naming an internal server by hostname may resolve to. Loopback, link-local and reserved
// space need an explicit CIDR so that a name can never be the back door to the gateway itself.
const HOSTNAME_EXEMPT: ReadonlySet<AddressClass> = new Set(['private', 'unique_local', 'cgnat']);

export interface AddressVerdict {
  readonly allowed: boolean;
  readonly addressClass: AddressClass;
}

/** Whether a connection to this IP is allowed, judged by address and CIDR allow-list only. */
export function isAddressAllowed(ip: string, policy: NetGuardPolicy): boolean {
  return judgeAddress(ip, policy).allowed;
}

/**
 * Judges an address, optionally as the answer for `hostname` (a hostname listed in
 * allowPrivateNetworks widens what its answers may be).
 */
export function judgeAddress(
  ip: string,
  policy: NetGuardPolicy,
  hostname?: string,
): AddressVerdict {
  const parsed = parseAddress(ip);
  if (parsed === undefined) return { allowed: false, addressClass: 'invalid' };
  const addressClass = classifyParsed(parsed);
  if (addressClass === 'public') return { allowed: true, addressClass };
  if (NEVER_ALLOWED.has(addressClass)) return { allowed: false, addressClass };
  const compiled = compilePolicy(policy);
  if (inAllowedNetwork(parsed, compiled)) return { allowed: true, addressClass };
  const byName =
    hostname !== undefined &&
    compiled.privateHostnames.has(hostname) &&
    HOSTNAME_EXEMPT.has(addressClass);
  return { allowed: byName, addressClass };
}

function inAllowedNetwork(address: ipaddr.IPv4 | ipaddr.IPv6, policy: CompiledPolicy): boolean {
  // '::ffff:127.0.0.1' is the same destination as '127.0.0.1' and must match the same entry.
  const effective =
    address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
      ? (address as ipaddr.IPv6).toIPv4Address()
      : address;
  return policy.cidrs.some(
    ([network, bits]) => network.kind() === effective.kind() && effective.match(network, bits),
  );
}

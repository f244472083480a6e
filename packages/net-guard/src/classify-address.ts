import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'unique_local'
  | 'cgnat'
  | 'invalid';

type ParsedAddress = ipaddr.IPv4 | ipaddr.IPv6;

// Cloud credential endpoints get their own class so that no allow-list entry can admit them:
// EC2 IMDS, ECS task metadata, EKS Pod Identity, and the IMDS IPv6 endpoints.
const METADATA_ADDRESSES = new Set(
  ['169.254.169.254', '169.254.170.2', '169.254.170.23', 'fd00:ec2::254', 'fd00:ec2::23'].map(
    (ip) => ipaddr.parse(ip).toNormalizedString(),
  ),
);

const IPV4_CLASSES: Readonly<Record<string, AddressClass>> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link_local',
  loopback: 'loopback',
  carrierGradeNat: 'cgnat',
  private: 'private',
  reserved: 'reserved',
  as112: 'public',
  amt: 'public',
  unicast: 'public',
};

const IPV6_CLASSES: Readonly<Record<string, AddressClass>> = {
  unspecified: 'unspecified',
  linkLocal: 'link_local',
  multicast: 'multicast',
  loopback: 'loopback',
  uniqueLocal: 'unique_local',
  deprecatedSiteLocal: 'private',
  as112v6: 'public',
  amt: 'public',
  unicast: 'public',
};

const NAT64_WELL_KNOWN: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse('64:ff9b::'), 96];
const IPV4_COMPATIBLE: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse('::'), 96];

/** Parses a canonical IPv4/IPv6 literal (no shorthand IPv4 forms); undefined if it is none. */
export function parseAddress(ip: string): ParsedAddress | undefined {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  // net.isIP is strict about dotted-quad decimal; ipaddr.js alone would accept '0x7f.1'.
  if (isIP(bare) === 0) return undefined;
  try {
    return ipaddr.parse(bare);
  } catch {
    return undefined;
  }
}

/** Classifies an IP literal. Anything that is not a routable public address is not 'public'. */
export function classifyAddress(ip: string): AddressClass {
  const parsed = parseAddress(ip);
  return parsed === undefined ? 'invalid' : classifyParsed(parsed);
}

export function classifyParsed(address: ParsedAddress): AddressClass {
  if (METADATA_ADDRESSES.has(address.toNormalizedString())) return 'metadata';
  if (address.kind() === 'ipv4') return IPV4_CLASSES[address.range()] ?? 'reserved';
  return classifyIpv6(address as ipaddr.IPv6);
}

function classifyIpv6(address: ipaddr.IPv6): AddressClass {
  const embedded = embeddedIpv4(address);
  if (embedded !== undefined) return classifyParsed(embedded);
  // Unknown or special-purpose ranges (Teredo, ORCHID, documentation, NAT64 local-use…) are
  // blocked by default: a new range in ipaddr.js must never turn into 'public' by accident.
  return IPV6_CLASSES[address.range()] ?? 'reserved';
}

/**
 * IPv6 forms that carry an IPv4 address a translator or the kernel will actually connect to:
 * IPv4-mapped, SIIT (rfc6145), NAT64 well-known prefix, 6to4. They are judged by that IPv4.
 */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const range = address.range();
  const p = address.parts;
  const lastTwo = (): ipaddr.IPv4 =>
    new ipaddr.IPv4([p[6]! >> 8, p[6]! & 0xff, p[7]! >> 8, p[7]! & 0xff]);
  if (range === 'ipv4Mapped') return address.toIPv4Address();
  if (range === 'rfc6145') return lastTwo();
  if (address.match(NAT64_WELL_KNOWN)) return lastTwo();
  if (range === '6to4')
    return new ipaddr.IPv4([p[1]! >> 8, p[1]! & 0xff, p[2]! >> 8, p[2]! & 0xff]);
  // Deprecated IPv4-compatible '::a.b.c.d' (':: and ::1 are classified by range above).
  if (range === 'unicast' && address.match(IPV4_COMPATIBLE)) return lastTwo();
  return undefined;
}

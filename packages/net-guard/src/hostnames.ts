/** Lower-cases, strips IPv6 brackets and trailing dots ('localhost.' is still localhost). */
export function normalizeHostname(host: string): string {
  let result = host.trim().toLowerCase();
  if (result.startsWith('[') && result.endsWith(']')) result = result.slice(1, -1);
  while (result.endsWith('.')) result = result.slice(0, -1);
  return result;
}

/** RFC 6761: 'localhost' and every name below it must resolve to loopback. */
export function isLocalhostName(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost');
}

// Well-known names of cloud metadata services; blocked by name as well as by address.
const METADATA_HOSTNAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

export function isMetadataHostname(hostname: string): boolean {
  return METADATA_HOSTNAMES.has(hostname);
}

/** Exact match, or '*.suffix' matching any name strictly below the suffix. */
export function matchesHostPattern(hostname: string, pattern: string): boolean {
  if (pattern.startsWith('*.')) return hostname.endsWith(pattern.slice(1));
  return hostname === pattern;
}

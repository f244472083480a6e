import { isIP } from 'node:net';
import type { AppError } from '@mcpgw/errors';
import { judgeAddress } from './is-address-allowed.js';
import {
  isLocalhostName,
  isMetadataHostname,
  matchesHostPattern,
  normalizeHostname,
} from './hostnames.js';
import { compilePolicy, type NetGuardPolicy } from './policy.js';
import { ssrfBlocked } from './ssrf-error.js';

/**
 * Static check of a server URL (at registration and before every request): scheme, embedded
 * credentials, literal addresses and names that are loopback or metadata by definition.
 * Hostnames that merely resolve somewhere bad are caught at connect time by the guarded lookup.
 * Returns the parsed URL; throws SSRF_BLOCKED.
 */
export function assertUrlAllowed(url: string, policy: NetGuardPolicy): URL {
  let parsed: URL;
  try {
    // The WHATWG parser canonicalises '0x7f.1', '2130706433', '0177.0.0.1', '127.1' and
    // '[::ffff:127.0.0.1]' to plain literals, so classification below only sees canonical forms.
    parsed = new URL(url);
  } catch {
    throw ssrfBlocked('invalid_url', '');
  }
  const host = normalizeHostname(parsed.hostname);
  if (!compilePolicy(policy).schemes.has(parsed.protocol)) {
    throw ssrfBlocked('scheme_not_allowed', host);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw ssrfBlocked('credentials_in_url', host);
  }
  const problem = checkHost(host, policy);
  if (problem !== undefined) throw problem;
  return parsed;
}

/** Checks a normalized host (name or literal) without resolving it. */
export function checkHost(host: string, policy: NetGuardPolicy): AppError | undefined {
  if (host === '') return ssrfBlocked('invalid_host', host);
  const allowHosts = compilePolicy(policy).allowHosts;
  if (allowHosts.length > 0 && !allowHosts.some((pattern) => matchesHostPattern(host, pattern))) {
    return ssrfBlocked('host_not_allow_listed', host);
  }
  if (isIP(host) !== 0) {
    const verdict = judgeAddress(host, policy);
    return verdict.allowed ? undefined : ssrfBlocked(verdict.addressClass, host);
  }
  if (isMetadataHostname(host)) return ssrfBlocked('metadata', host);
  // localhost never needs DNS to be loopback (RFC 6761), so judge it as the loopback address.
  if (isLocalhostName(host)) {
    const v4 = judgeAddress('127.0.0.1', policy);
    const v6 = judgeAddress('::1', policy);
    return v4.allowed || v6.allowed ? undefined : ssrfBlocked('loopback', host);
  }
  return undefined;
}

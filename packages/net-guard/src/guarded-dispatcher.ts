import { isIP } from 'node:net';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import type { AddressLookup } from './address-lookup.js';
import { checkHost } from './assert-url-allowed.js';
import { createGuardedLookup } from './guarded-lookup.js';
import { normalizeHostname } from './hostnames.js';
import type { NetGuardPolicy } from './policy.js';

export interface GuardedDispatcherOptions {
  /** TCP + TLS connect timeout; default 10 s. */
  connectTimeoutMs?: number;
  /** Idle keep-alive socket lifetime; default 4 s (below common upstream idle timeouts). */
  keepAliveTimeoutMs?: number;
  /** Max sockets per origin; default unlimited (undici's default). */
  connections?: number;
  /** Max response body bytes; default unlimited. Set it for request/response traffic. */
  maxResponseSize?: number;
  /** Resolver to use instead of dns.lookup (tests, local development). */
  lookup?: AddressLookup;
}

/**
 * An undici Agent whose every connection is checked at connect time: hostnames through the
 * guarded lookup (the resolved address is what gets dialled), literal IPs before dialling
 * (Node skips `lookup` for them). It ignores proxy environment variables by construction.
 */
export function createGuardedDispatcher(
  policy: NetGuardPolicy,
  options: GuardedDispatcherOptions = {},
): Dispatcher {
  const baseConnect = buildConnector({
    timeout: options.connectTimeoutMs ?? 10_000,
    lookup: createGuardedLookup(policy, options.lookup),
  });
  const connect: buildConnector.connector = (connectOptions, callback) => {
    const host = normalizeHostname(connectOptions.hostname);
    if (isIP(host) !== 0) {
      const problem = checkHost(host, policy);
      if (problem !== undefined) {
        callback(problem, null);
        return;
      }
    }
    baseConnect(connectOptions, callback);
  };
  return new Agent({
    connect,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000,
    ...(options.connections === undefined ? {} : { connections: options.connections }),
    ...(options.maxResponseSize === undefined ? {} : { maxResponseSize: options.maxResponseSize }),
  });
}

import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { AddressLookup } from './address-lookup.js';
import { checkHost } from './assert-url-allowed.js';
import { normalizeHostname } from './hostnames.js';
import type { NetGuardPolicy } from './policy.js';
import { checkAnswers } from './resolve-and-check.js';

/**
 * A `lookup` for net/tls connect options. It resolves, checks every answer against the policy
 * and only then hands an address to the socket, so the address checked is the address dialled:
 * there is no window for DNS rebinding between check and connect.
 */
export function createGuardedLookup(
  policy: NetGuardPolicy,
  lookup: AddressLookup = dnsLookup,
): LookupFunction {
  return (hostname, options, callback) => {
    const host = normalizeHostname(hostname);
    const hostProblem = checkHost(host, policy);
    if (hostProblem !== undefined) {
      process.nextTick(callback, hostProblem, '', 0);
      return;
    }
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err !== null) return callback(err, '', 0);
      const problem = checkAnswers(host, addresses, policy);
      if (problem !== undefined) return callback(problem, '', 0);
      // Node asks for all answers when autoSelectFamily (happy eyeballs) is on, else for one.
      if (options.all === true) return callback(null, addresses);
      const [first] = addresses;
      return callback(null, first?.address ?? '', first?.family ?? 0);
    });
  };
}

import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { appError, type AppError } from '@mcpgw/errors';
import type { AddressLookup } from './address-lookup.js';
import { checkHost } from './assert-url-allowed.js';
import { normalizeHostname } from './hostnames.js';
import { judgeAddress } from './is-address-allowed.js';
import type { NetGuardPolicy } from './policy.js';
import { ssrfBlocked } from './ssrf-error.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves a hostname and checks EVERY answer: one bad address among good ones blocks the name,
 * since the connection may use any of them (and DNS rebinding relies on mixing them).
 */
export async function resolveAndCheck(
  hostname: string,
  policy: NetGuardPolicy,
  lookup: AddressLookup = dnsLookup,
): Promise<ResolvedAddress[]> {
  const host = normalizeHostname(hostname);
  const hostProblem = checkHost(host, policy);
  if (hostProblem !== undefined) throw hostProblem;
  if (isIP(host) !== 0) return [{ address: host, family: isIP(host) as 4 | 6 }];
  const addresses = await lookupAll(host, lookup);
  const problem = checkAnswers(host, addresses, policy);
  if (problem !== undefined) throw problem;
  return addresses.map(({ address }) => ({ address, family: isIP(address) as 4 | 6 }));
}

/** The first blocked answer for `host` as an SSRF_BLOCKED error, or undefined if all pass. */
export function checkAnswers(
  host: string,
  addresses: readonly LookupAddress[],
  policy: NetGuardPolicy,
): AppError | undefined {
  if (addresses.length === 0) return ssrfBlocked('unresolvable', host);
  for (const { address } of addresses) {
    const verdict = judgeAddress(address, policy, host);
    if (!verdict.allowed) return ssrfBlocked(verdict.addressClass, host);
  }
  return undefined;
}

function lookupAll(host: string, lookup: AddressLookup): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    lookup(host, { all: true }, (err, addresses) => {
      if (err === null) resolve(addresses);
      else
        reject(
          appError('UPSTREAM_FAILED', `Could not resolve "${host}".`, {
            details: { reason: 'dns_failed', host },
            cause: err,
          }),
        );
    });
  });
}

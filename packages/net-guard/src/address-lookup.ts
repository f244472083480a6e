import type { LookupAddress, LookupAllOptions } from 'node:dns';

/**
 * The callback form of `dns.lookup` with `all: true`, which this package always uses so that
 * every answer is checked. `dns.lookup` itself satisfies it; tests inject a static table.
 */
export type AddressLookup = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A lookup answering from a fixed table (`{ 'innocent.test': ['127.0.0.1'] }`), for tests and
 * local development where names must map to loopback without touching DNS. Unknown names fail
 * with ENOTFOUND like the real resolver.
 */
export function createStaticLookup(
  table: Readonly<Record<string, readonly string[]>>,
): AddressLookup {
  return (hostname, _options, callback) => {
    const answers = table[hostname.toLowerCase()];
    if (answers === undefined || answers.length === 0) {
      const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      err.code = 'ENOTFOUND';
      process.nextTick(callback, err, []);
      return;
    }
    const addresses = answers.map((address) => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
    process.nextTick(callback, null, addresses);
  };
}

import type { IncomingMessage } from 'node:http';

/**
 * DNS-rebinding defence (MCP transport spec): a browser always sends Origin, so a present Origin
 * must be on the allow-list; non-browser agents send none and are not affected.
 */
export function isOriginAllowed(req: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return allowed.has(origin.toLowerCase());
}

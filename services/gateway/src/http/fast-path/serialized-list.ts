import type { ListPage } from '../../domain/mcp/pagination/paginate.js';
import { encodeListToolsResult, type ServerIdentity } from './encode-modern-result.js';

type Json = Record<string, unknown>;

interface Encoded {
  server: ServerIdentity;
  nextCursor: string | undefined;
  bytes: Buffer;
}

const memo = new WeakMap<object, Map<number, Encoded>>();

/**
 * One encoded `tools/list` page as UTF-8 JSON. A frozen list is one the list cache shares between
 * requests, so each page's bytes are kept beside it (and collected with it): a 1,000-tool page is
 * then serialized and UTF-8 encoded once per page, principal and snapshot, not once per request.
 */
export function listToolsResultJson(page: ListPage, server: ServerIdentity): Buffer {
  if (!Object.isFrozen(page.list)) return Buffer.from(encode(page, server));
  const pages = memo.get(page.list);
  const hit = pages?.get(page.start);
  if (
    hit !== undefined &&
    hit.nextCursor === page.nextCursor &&
    hit.server.name === server.name &&
    hit.server.version === server.version
  )
    return hit.bytes;
  const bytes = Buffer.from(encode(page, server));
  const entry = {
    server: { name: server.name, version: server.version },
    nextCursor: page.nextCursor,
    bytes,
  };
  memo.set(page.list, (pages ?? new Map<number, Encoded>()).set(page.start, entry));
  return bytes;
}

/** `nextCursor` sits right after `tools`, where the SDK's encoder leaves the handler's key. */
function encode(page: ListPage, server: ServerIdentity): string {
  const result = encodeListToolsResult(page.items as Json[], server);
  if (page.nextCursor === undefined) return JSON.stringify(result);
  const { tools, ...stamped } = result;
  return JSON.stringify({ tools, nextCursor: page.nextCursor, ...stamped });
}

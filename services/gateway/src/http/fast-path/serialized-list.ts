import type { ListPage } from '../../domain/mcp/pagination/paginate.js';
import { encodeListToolsResult, type ServerIdentity } from './encode-modern-result.js';

type Json = Record<string, unknown>;

interface Encoded {
  server: ServerIdentity;
  nextCursor: string | undefined;
  json: string;
}

const memo = new WeakMap<object, Map<number, Encoded>>();

/**
 * One encoded `tools/list` page as JSON. A frozen list is one the list cache shares between
 * requests, so each page's encoding is kept beside it (and collected with it): a 2,000-tool list
 * is then serialized once per page, principal and snapshot instead of once per request.
 */
export function listToolsResultJson(page: ListPage, server: ServerIdentity): string {
  if (!Object.isFrozen(page.list)) return encode(page, server);
  const pages = memo.get(page.list);
  const hit = pages?.get(page.start);
  if (
    hit !== undefined &&
    hit.nextCursor === page.nextCursor &&
    hit.server.name === server.name &&
    hit.server.version === server.version
  )
    return hit.json;
  const json = encode(page, server);
  const entry = {
    server: { name: server.name, version: server.version },
    nextCursor: page.nextCursor,
    json,
  };
  memo.set(page.list, (pages ?? new Map<number, Encoded>()).set(page.start, entry));
  return json;
}

/** `nextCursor` sits right after `tools`, where the SDK's encoder leaves the handler's key. */
function encode(page: ListPage, server: ServerIdentity): string {
  const result = encodeListToolsResult(page.items as Json[], server);
  if (page.nextCursor === undefined) return JSON.stringify(result);
  const { tools, ...stamped } = result;
  return JSON.stringify({ tools, nextCursor: page.nextCursor, ...stamped });
}

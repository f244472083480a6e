import { encodeListToolsResult, type ServerIdentity } from './encode-modern-result.js';

type Json = Record<string, unknown>;

const memo = new WeakMap<object, { server: ServerIdentity; json: string }>();

/**
 * The encoded `tools/list` result as JSON. A frozen list is one the list cache shares between
 * requests, so its encoding is kept beside it (and collected with it): a 2,000-tool list is then
 * serialized once per principal and snapshot instead of once per request.
 */
export function listToolsResultJson(tools: Json[], server: ServerIdentity): string {
  if (!Object.isFrozen(tools)) return JSON.stringify(encodeListToolsResult(tools, server));
  const hit = memo.get(tools);
  if (hit !== undefined && hit.server.name === server.name && hit.server.version === server.version)
    return hit.json;
  const json = JSON.stringify(encodeListToolsResult(tools, server));
  memo.set(tools, { server: { name: server.name, version: server.version }, json });
  return json;
}

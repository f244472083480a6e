import { GatewayRpcError, RPC } from '../../domain/mcp/gateway-rpc-error.js';
import { isPlainObject } from './fast-path-eligibility.js';

type Json = Record<string, unknown>;

const SERVER_INFO_KEY = 'io.modelcontextprotocol/serverInfo';
/** Keys that make a tool result something other than a plain content result (SDK rule). */
const FOREIGN_RESULT_KEYS = ['task', 'inputRequests', 'requestState'];
const CONTENT_TYPES = new Set(['text', 'image', 'audio', 'resource_link', 'resource']);

export interface ServerIdentity {
  name: string;
  version: string;
}

/**
 * The 2026-07-28 encode contract the SDK applies to a `tools/call` result, in the same order:
 * content-less results gain `content: []`, the result shape is checked, `resultType` is stamped
 * and the server's identity lands in `_meta` unless the result already names one.
 */
export function encodeCallToolResult(result: Json, server: ServerIdentity): Json {
  const normalized =
    result['content'] === undefined && !FOREIGN_RESULT_KEYS.some((key) => key in result)
      ? { ...result, content: [] }
      : result;
  const problem = callToolResultProblem(normalized);
  if (problem !== undefined)
    throw new GatewayRpcError(RPC.INVALID_PARAMS, `Invalid tools/call result: ${problem}`);
  return stampServerInfo(stampResultType(normalized), server);
}

/** `tools/list`: deleted `execution` members dropped, then resultType, cache fields, identity. */
export function encodeListToolsResult(tools: Json[], server: ServerIdentity): Json {
  const cleaned = tools.map((tool) => {
    if (!('execution' in tool)) return tool;
    const { execution: _dropped, ...rest } = tool;
    return rest;
  });
  return stampServerInfo(
    { tools: cleaned, resultType: 'complete', ttlMs: 0, cacheScope: 'private' },
    server,
  );
}

function callToolResultProblem(result: Json): string | undefined {
  const content = result['content'];
  if (!Array.isArray(content)) return 'content must be an array';
  for (const block of content) {
    if (
      !isPlainObject(block) ||
      typeof block['type'] !== 'string' ||
      !CONTENT_TYPES.has(block['type'])
    )
      return 'content holds an invalid block';
    if (block['type'] === 'text' && typeof block['text'] !== 'string')
      return 'a text block needs text';
  }
  if (result['isError'] !== undefined && typeof result['isError'] !== 'boolean')
    return 'isError must be a boolean';
  if (result['_meta'] !== undefined && !isPlainObject(result['_meta']))
    return '_meta must be an object';
  if (result['resultType'] !== undefined && typeof result['resultType'] !== 'string')
    return 'resultType must be a string';
  return undefined;
}

function stampResultType(result: Json): Json {
  return result['resultType'] === undefined ? { ...result, resultType: 'complete' } : result;
}

function stampServerInfo(result: Json, server: ServerIdentity): Json {
  const meta = result['_meta'];
  if (meta === undefined) return { ...result, _meta: { [SERVER_INFO_KEY]: server } };
  if (!isPlainObject(meta) || meta[SERVER_INFO_KEY] !== undefined) return result;
  return { ...result, _meta: { ...meta, [SERVER_INFO_KEY]: server } };
}

import type { IncomingHttpHeaders } from 'node:http';

/** The only revision the fast path serves; everything else goes through the SDK. */
export const FAST_PATH_REVISION = '2026-07-28';

const PROTOCOL_VERSION_KEY = 'io.modelcontextprotocol/protocolVersion';
const CLIENT_INFO_KEY = 'io.modelcontextprotocol/clientInfo';
const CLIENT_CAPABILITIES_KEY = 'io.modelcontextprotocol/clientCapabilities';
const LOG_LEVEL_KEY = 'io.modelcontextprotocol/logLevel';

export type FastPathMethod = 'tools/call' | 'tools/list';

const PARAM_KEYS: Record<FastPathMethod, ReadonlySet<string>> = {
  'tools/call': new Set(['name', 'arguments', '_meta']),
  'tools/list': new Set(['cursor', '_meta']),
};

/**
 * Whether a request is one the SDK's modern per-request handler would serve as a plain stateless
 * 2026-07-28 `tools/call`/`tools/list` with no ladder rejection: POST, JSON, no session, matching
 * `MCP-Protocol-Version`/`Mcp-Method`/`Mcp-Name` headers, a well-formed envelope claim. The test
 * is deliberately narrower than the SDK's: anything unusual (a non-string cursor, base64
 * `Mcp-Name`, odd envelope members, log level, a progress token — progress needs the SDK's
 * stream) answers `undefined` and is served by the SDK, which owns every rejection and edge
 * case. A request the fast path takes therefore never needs a protocol-level rejection.
 */
export function fastPathMethod(
  httpMethod: string | undefined,
  headers: IncomingHttpHeaders,
  message: Record<string, unknown> | undefined,
): FastPathMethod | undefined {
  if (httpMethod !== 'POST' || message === undefined) return undefined;
  const method = message['method'];
  if (method !== 'tools/call' && method !== 'tools/list') return undefined;
  if (!isRequestId(message['id'])) return undefined;
  if (headers['mcp-session-id'] !== undefined) return undefined;
  if (!isJsonMediaType(headers['content-type'])) return undefined;
  if (headerValue(headers['mcp-protocol-version']) !== FAST_PATH_REVISION) return undefined;
  if (headerValue(headers['mcp-method']) !== method) return undefined;
  const params = message['params'];
  if (!isPlainObject(params) || !hasOnlyKeys(params, PARAM_KEYS[method])) return undefined;
  if (!isSimpleEnvelope(params['_meta'])) return undefined;
  if (method === 'tools/list')
    return params['cursor'] === undefined || typeof params['cursor'] === 'string'
      ? method
      : undefined;
  const name = params['name'];
  if (typeof name !== 'string' || headerValue(headers['mcp-name']) !== name) return undefined;
  if (name.startsWith('=?')) return undefined;
  const args = params['arguments'];
  if (args !== undefined && !isPlainObject(args)) return undefined;
  return method;
}

/** The envelope claim in its plain, certainly-valid form; anything fancier goes to the SDK. */
function isSimpleEnvelope(meta: unknown): boolean {
  if (!isPlainObject(meta)) return false;
  if (meta[PROTOCOL_VERSION_KEY] !== FAST_PATH_REVISION) return false;
  if (LOG_LEVEL_KEY in meta) return false;
  const capabilities = meta[CLIENT_CAPABILITIES_KEY];
  if (!isPlainObject(capabilities) || !Object.values(capabilities).every(isPlainObject))
    return false;
  const info = meta[CLIENT_INFO_KEY];
  if (info !== undefined && !isSimpleImplementation(info)) return false;
  // Progress is relayed as notifications ahead of the result: an SSE answer the SDK writes.
  return !('progressToken' in meta);
}

function isSimpleImplementation(info: unknown): boolean {
  if (!isPlainObject(info)) return false;
  if (typeof info['name'] !== 'string' || typeof info['version'] !== 'string') return false;
  return Object.values(info).every((value) => typeof value === 'string');
}

function isRequestId(id: unknown): boolean {
  return typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id));
}

function isJsonMediaType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const semi = value.indexOf(';');
  const essence = (semi === -1 ? value : value.slice(0, semi)).trim().toLowerCase();
  return essence === 'application/json';
}

/** Single header value with HTTP optional whitespace stripped, as the SDK reads it. */
function headerValue(value: string | string[] | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.replace(/^[\t ]+|[\t ]+$/g, '');
}

function hasOnlyKeys(value: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  for (const key of Object.keys(value)) if (!allowed.has(key)) return false;
  return true;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { INVALID_REQUEST, PARSE_ERROR } from './json-rpc-reply.js';

type Single = { ok: true; message: Record<string, unknown>; isRequest: boolean; batch?: undefined };
/** A JSON-RPC batch, every element shape-checked; whether it may be served is decided later. */
type Batch = { ok: true; batch: Record<string, unknown>[]; message?: undefined };
type Failure = { ok: false; status: number; code: number; message: string; id?: unknown };

export type ParsedMessage = Single | Batch | Failure;

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Strict JSON-RPC 2.0 envelope checks before any SDK code runs: valid UTF-8, JSON, bounded
 * nesting, a usable id on requests. A batch is returned with each element checked alike (one bad
 * element refuses the whole batch); only 2025-03-26 sessions may use batches, which the caller
 * decides once it knows the session.
 */
export function parseJsonRpc(body: Buffer, maxDepth: number): ParsedMessage {
  let text: string;
  try {
    text = decoder.decode(body);
  } catch {
    return fail(400, PARSE_ERROR, 'Parse error: body is not valid UTF-8');
  }
  if (nestingDepth(text) > maxDepth)
    return fail(400, INVALID_REQUEST, 'Invalid Request: nesting too deep');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(400, PARSE_ERROR, 'Parse error');
  }
  if (Array.isArray(value)) return checkBatch(value);
  if (typeof value !== 'object' || value === null)
    return fail(400, INVALID_REQUEST, 'Invalid Request');
  return checkEnvelope(value as Record<string, unknown>);
}

function checkBatch(elements: unknown[]): ParsedMessage {
  if (elements.length === 0) return fail(400, INVALID_REQUEST, 'Invalid Request: empty batch');
  const batch: Record<string, unknown>[] = [];
  for (const [index, element] of elements.entries()) {
    const checked =
      typeof element === 'object' && element !== null && !Array.isArray(element)
        ? checkEnvelope(element as Record<string, unknown>)
        : fail(400, INVALID_REQUEST, 'Invalid Request');
    if (!checked.ok) return { ...checked, message: `${checked.message} (batch element ${index})` };
    batch.push(element as Record<string, unknown>);
  }
  return { ok: true, batch };
}

function checkEnvelope(message: Record<string, unknown>): Single | Failure {
  if (message['jsonrpc'] !== '2.0')
    return fail(400, INVALID_REQUEST, 'Invalid Request: jsonrpc must be "2.0"');
  const hasId = 'id' in message;
  const id = message['id'];
  const validId = typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id));
  if ('method' in message) {
    if (typeof message['method'] !== 'string')
      return fail(400, INVALID_REQUEST, 'Invalid Request: method must be a string');
    if (hasId && !validId)
      return fail(400, INVALID_REQUEST, 'Invalid Request: id must be a string or an integer');
    const params = message['params'];
    if (
      params !== undefined &&
      (typeof params !== 'object' || params === null || Array.isArray(params))
    )
      return fail(
        400,
        INVALID_REQUEST,
        'Invalid Request: params must be an object',
        hasId ? id : undefined,
      );
    return { ok: true, message, isRequest: hasId };
  }
  // A client's answer to a server request (2025 sessions): needs an id and a result or error.
  if (validId && ('result' in message || 'error' in message))
    return { ok: true, message, isRequest: false };
  return fail(400, INVALID_REQUEST, 'Invalid Request');
}

/** Deepest bracket nesting outside strings; linear, so a hostile body costs O(n) once. */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i += 1;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth -= 1;
  }
  return max;
}

function fail(status: number, code: number, message: string, id?: unknown): Failure {
  return { ok: false, status, code, message, ...(id === undefined ? {} : { id }) };
}

const LIST_METHODS = new Set([
  'tools/list',
  'resources/list',
  'resources/templates/list',
  'prompts/list',
]);
/** A cursor no gateway ever issues (not of the cursor's shape), so it is refused as garbage. */
const UNUSABLE_CURSOR = 'not-a-cursor';

/**
 * A list request whose `cursor` is not even a string carries garbage like any other bad cursor.
 * The SDK would refuse it with a schema dump under -32603; replaced by a string that never
 * verifies, it reaches the gateway's own check instead: -32602 `Invalid cursor`, audited, the
 * same on every path.
 */
export function normalizeListCursor(message: Record<string, unknown>): void {
  if (typeof message['method'] !== 'string' || !LIST_METHODS.has(message['method'])) return;
  const params = message['params'] as Record<string, unknown> | undefined;
  if (params === undefined || params['cursor'] === undefined) return;
  if (typeof params['cursor'] !== 'string') params['cursor'] = UNUSABLE_CURSOR;
}

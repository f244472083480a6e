import { INVALID_REQUEST, PARSE_ERROR } from './json-rpc-reply.js';

export type ParsedMessage =
  | { ok: true; message: Record<string, unknown>; isRequest: boolean }
  | { ok: false; status: number; code: number; message: string; id?: unknown };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Strict JSON-RPC 2.0 envelope checks before any SDK code runs: valid UTF-8, JSON, bounded
 * nesting, one message (batches are forbidden from 2025-06-18 on, and 2026-07-28 is single
 * message by construction), a usable id on requests.
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
  if (Array.isArray(value))
    return fail(400, INVALID_REQUEST, 'Invalid Request: batches are not supported');
  if (typeof value !== 'object' || value === null)
    return fail(400, INVALID_REQUEST, 'Invalid Request');
  return checkEnvelope(value as Record<string, unknown>);
}

function checkEnvelope(message: Record<string, unknown>): ParsedMessage {
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

function fail(status: number, code: number, message: string, id?: unknown): ParsedMessage {
  return { ok: false, status, code, message, ...(id === undefined ? {} : { id }) };
}

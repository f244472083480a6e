import { isSensitiveKey, REDACTED, redactString } from './redaction-rules.js';

// Log meta is caller-controlled; bound the walk so a huge or deeply nested object cannot stall
// the process or produce megabyte log lines.
const MAX_DEPTH = 8;
const MAX_ENTRIES = 200;

/**
 * Return a redacted deep copy of `value`: sensitive keys become `[REDACTED]`, bearer tokens and
 * JWTs inside strings are masked, Errors become `{ name, message, code, stack, cause }`, cycles
 * become `[Circular]`. The input is never mutated. The static type is kept for convenience even
 * though Errors, Dates, Maps and Sets come back as plain JSON-friendly values.
 */
export function redact<T>(value: T): T {
  return redactValue(value, [], 0) as T;
}

function redactValue(value: unknown, ancestors: object[], depth: number): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (ancestors.includes(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';

  const path = [...ancestors, value];
  if (value instanceof Error) return redactError(value, path, depth);
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (ArrayBuffer.isView(value)) return `[Binary ${value.byteLength} bytes]`;
  if (Array.isArray(value)) return redactArray(value, path, depth);
  if (value instanceof Set) return redactArray([...value], path, depth);
  if (value instanceof Map)
    return redactEntries(
      [...value].map(([k, v]) => [String(k), v]),
      path,
      depth,
    );
  const json = toJsonValue(value);
  if (json !== value) return redactValue(json, path, depth + 1);
  return redactEntries(Object.entries(value), path, depth);
}

function redactArray(items: unknown[], path: object[], depth: number): unknown[] {
  const copy = items.slice(0, MAX_ENTRIES).map((item) => redactValue(item, path, depth + 1));
  if (items.length > MAX_ENTRIES) copy.push(`[${items.length - MAX_ENTRIES} more]`);
  return copy;
}

function redactEntries(
  entries: Array<[string, unknown]>,
  path: object[],
  depth: number,
): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, item] of entries.slice(0, MAX_ENTRIES)) {
    copy[key] = isSensitiveKey(key) ? REDACTED : redactValue(item, path, depth + 1);
  }
  if (entries.length > MAX_ENTRIES) copy['[truncated]'] = `${entries.length - MAX_ENTRIES} more`;
  return copy;
}

/**
 * Errors keep only fields known to be safe to log. Other own properties are dropped on purpose:
 * body-parser, for one, attaches the raw request body, which may hold credentials.
 * The stack is always kept: production logs at `info`, and a 5xx without a stack cannot be
 * diagnosed; it passes through the same string redaction as the message.
 */
function redactError(error: Error, path: object[], depth: number): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  const out: Record<string, unknown> = {
    name: error.name,
    message: redactString(String(error.message)),
  };
  if (typeof code === 'string' || typeof code === 'number') out['code'] = code;
  if (typeof error.stack === 'string') out['stack'] = redactString(error.stack);
  if (error.cause !== undefined) out['cause'] = redactValue(error.cause, path, depth + 1);
  return out;
}

// URL, ObjectId, Decimal and friends describe their loggable form through toJSON.
function toJsonValue(value: object): unknown {
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON !== 'function') return value;
  try {
    return toJSON.call(value);
  } catch {
    return '[Unserializable]';
  }
}

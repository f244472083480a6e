import winston from 'winston';
import type { Logform } from 'winston';
import { redact } from './redact.js';
import type { RequestContext } from './request-context.js';
import { getRequestContext } from './request-context.js';

// winston/logform keys the serialized line under this registered symbol (triple-beam's MESSAGE).
const MESSAGE = Symbol.for('message');

/** Where `createLogger` parks the context captured when the log call was made. */
export const CONTEXT = Symbol('mcpgw.requestContext');

const RESERVED = new Set(['level', 'message', 'timestamp', 'service']);
const CONTEXT_IDS = ['requestId', 'traceId', 'spanId'] as const;

/**
 * The single format of every log line: `{timestamp, level, service, message, requestId?,
 * traceId?, spanId?, ...meta}` as one JSON object, redacted. Building the record ourselves keeps
 * the key order stable and readable (winston's json format sorts keys).
 */
export function logLineFormat(service: string): Logform.Format {
  return winston.format((info) => {
    const record: Record<string, unknown> = {
      timestamp: new Date().toISOString(),
      level: info.level,
      service,
      ...messageFields(info.message),
    };
    const context = (info[CONTEXT] as RequestContext | undefined) ?? getRequestContext();
    for (const id of CONTEXT_IDS) {
      const value = info[id] ?? context?.[id];
      if (value !== undefined) record[id] = value;
    }
    for (const [key, value] of Object.entries(info)) {
      if (!RESERVED.has(key) && !(key in record)) record[key] = value;
    }
    info[MESSAGE] = serialize(record);
    return info;
  })();
}

function messageFields(message: unknown): Record<string, unknown> {
  if (typeof message === 'string') return { message };
  if (message instanceof Error) return { message: message.message, error: message };
  if (message !== null && typeof message === 'object') return { message: '', data: message };
  return { message: String(message) };
}

function serialize(record: Record<string, unknown>): string {
  try {
    return JSON.stringify(redact(record));
  } catch {
    // A hostile getter or toJSON must not take logging down; keep the envelope at least.
    const { timestamp, level, service } = record;
    return JSON.stringify({ timestamp, level, service, message: '[unserializable log record]' });
  }
}

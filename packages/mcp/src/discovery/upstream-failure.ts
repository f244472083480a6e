import { appError, isAppError, type AppError } from '@mcpgw/errors';
import { ProtocolError, SdkError, SdkErrorCode } from '@modelcontextprotocol/client';
import { ResponseTooLargeError } from './bounded-fetch.js';
import type { Operation } from './operation.js';
import type { DiscoveryStage } from './types.js';

export type FailureReason =
  | 'timeout'
  | 'response-too-large'
  | 'http-error'
  | 'invalid-response'
  | 'protocol-error'
  | 'connection-closed'
  | 'unreachable'
  | 'repeated-cursor'
  | 'too-many-pages'
  | 'too-many-items'
  | 'failed';

interface Failure {
  reason: FailureReason;
  status?: number;
  rpcCode?: number;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ECONNRESET',
  'EAI_AGAIN',
]);

export function upstreamFailed(stage: DiscoveryStage, failure: Failure, cause?: unknown): AppError {
  return appError('UPSTREAM_FAILED', `Upstream MCP server failed at ${stage}: ${failure.reason}.`, {
    details: { stage, ...failure },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Turns whatever the SDK or fetch threw into UPSTREAM_FAILED. An AppError raised by the
 * injected fetch (e.g. SSRF_BLOCKED from the guarded fetch) is the caller's own verdict and
 * passes through unchanged. The cause kept for logs is a copy with header values scrubbed.
 */
export function toUpstreamError(error: unknown, stage: DiscoveryStage, op: Operation): AppError {
  const own = findInChain(error, isAppError);
  if (own) return own;
  return upstreamFailed(stage, classify(error, op), scrubbed(error, op.secrets));
}

function classify(error: unknown, op: Operation): Failure {
  if (op.http.observed.tooLarge || findInChain(error, (e) => e instanceof ResponseTooLargeError)) {
    return { reason: 'response-too-large' };
  }
  if (op.http.observed.dropped) return { reason: 'connection-closed' };
  if (op.timedOut() || sdkCode(error) === SdkErrorCode.RequestTimeout) return { reason: 'timeout' };
  const status = op.http.observed.lastStatus;
  if (status !== undefined && status >= 400) return { reason: 'http-error', status };
  const rpc = findInChain(error, (e): e is ProtocolError => e instanceof ProtocolError);
  if (rpc) return { reason: 'protocol-error', rpcCode: rpc.code };
  if (findInChain(error, (e) => e instanceof SyntaxError || nameOf(e) === 'ZodError')) {
    return { reason: 'invalid-response' };
  }
  if (sdkCode(error) === SdkErrorCode.InvalidResult) return { reason: 'invalid-response' };
  if (findInChain(error, (e) => UNREACHABLE_CODES.has(String(propertyOf(e, 'code'))))) {
    return { reason: 'unreachable' };
  }
  if (
    sdkCode(error) === SdkErrorCode.ConnectionClosed ||
    /terminated|closed/i.test(messageOf(error))
  ) {
    return { reason: 'connection-closed' };
  }
  return { reason: 'failed' };
}

export function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}

function scrubbed(error: unknown, secrets: readonly string[]): Error {
  const copy = new Error(redact(messageOf(error), secrets));
  copy.name = nameOf(error) ?? 'Error';
  return copy;
}

function findInChain<T>(error: unknown, match: (e: unknown) => e is T): T | undefined;
function findInChain(error: unknown, match: (e: unknown) => boolean): unknown;
function findInChain(error: unknown, match: (e: unknown) => boolean): unknown {
  let current = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth += 1) {
    if (match(current)) return current;
    current = propertyOf(current, 'cause');
  }
  return undefined;
}

function sdkCode(error: unknown): unknown {
  return findInChain(error, (e): e is SdkError => e instanceof SdkError)?.code;
}

function propertyOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function nameOf(value: unknown): string | undefined {
  const name = propertyOf(value, 'name');
  return typeof name === 'string' ? name : undefined;
}

function messageOf(value: unknown): string {
  const message = propertyOf(value, 'message');
  return typeof message === 'string' ? message : String(value);
}

import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Per-request values that every log line written while handling the request should carry.
 * Extra keys are allowed for callers, but only the three ids are copied into log lines: the
 * rest may hold objects that do not belong in logs.
 */
export interface RequestContext {
  requestId: string;
  traceId?: string;
  spanId?: string;
  [key: string]: unknown;
}

// One store per process: the http package opens a context per request and the logger reads it,
// so neither needs a reference to the other.
const storage = new AsyncLocalStorage<RequestContext>();

/** Run `fn` (and everything it awaits or schedules) inside `ctx`. */
export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The context of the request being handled, or undefined outside any request. */
export function getRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

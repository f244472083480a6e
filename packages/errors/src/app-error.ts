import type { ErrorKind } from './error-kind.js';
import { httpStatusForKind } from './error-kind.js';

export interface AppErrorOptions {
  /** Safe, structured detail for the caller; exposed only when the status is below 500. */
  details?: Record<string, unknown>;
  /** The underlying error; logged, never sent to the caller. */
  cause?: unknown;
  /** Extra response headers (e.g. Retry-After, WWW-Authenticate) the edge should set. */
  headers?: Record<string, string>;
}

/**
 * The single error type services throw. `code` is a stable SCREAMING_SNAKE identifier that
 * clients may rely on; `message` is human readable and must never contain secrets.
 */
export class AppError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: string, kind: ErrorKind, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.kind = kind;
    this.details = options.details;
    this.headers = options.headers;
  }

  get status(): number {
    return httpStatusForKind(this.kind);
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

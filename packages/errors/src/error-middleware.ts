import type { ErrorRequestHandler, Response } from 'express';
import type { AppError } from './app-error.js';
import { ERROR_CATALOGUE } from './catalogue.js';
import { toAppError } from './to-app-error.js';

/** The two methods the middleware needs; a winston logger satisfies it. */
export interface ErrorLogger {
  error(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
}

export interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: Record<string, unknown> };
}

/**
 * The last middleware of every app: renders any error as the one JSON error body and logs it.
 * 5xx answers carry only the generic catalogue message; the cause goes to the log under the
 * request id.
 */
export function errorMiddleware(options: { logger: ErrorLogger }): ErrorRequestHandler {
  const { logger } = options;
  // Express recognises error handlers by arity, so all four parameters must stay declared.
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const error = toAppError(err);
    const status = error.status;
    const requestId = requestIdOf(res);
    const where = { method: req.method, path: req.originalUrl.split('?')[0], requestId };
    if (status >= 500) {
      logger.error('request failed', { code: error.code, status, ...where, error: err });
    } else {
      logger.warn('request rejected', { code: error.code, status, ...where });
    }
    for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
    res.status(status).json(errorBody(error, requestId));
  };
}

export function errorBody(error: AppError, requestId: string): ErrorBody {
  if (error.status >= 500) {
    return { error: { code: error.code, message: genericMessage(error.code), requestId } };
  }
  const body: ErrorBody = { error: { code: error.code, message: error.message, requestId } };
  if (error.details !== undefined) body.error.details = error.details;
  return body;
}

function genericMessage(code: string): string {
  const entry = (ERROR_CATALOGUE as Record<string, { message: string } | undefined>)[code];
  return entry?.message ?? ERROR_CATALOGUE.INTERNAL.message;
}

function requestIdOf(res: Response): string {
  const fromLocals: unknown = res.locals['requestId'];
  if (typeof fromLocals === 'string' && fromLocals.length > 0) return fromLocals;
  const header = res.getHeader('X-Request-Id');
  if (typeof header === 'string' && header.length > 0) return header;
  return 'unknown';
}

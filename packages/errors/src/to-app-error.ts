import { ZodError } from 'zod';
import { AppError } from './app-error.js';
import { appError, type ErrorCode } from './catalogue.js';

/** The shape body-parser and http-errors give their errors. */
interface HttpLikeError {
  type?: unknown;
  status?: unknown;
  statusCode?: unknown;
  limit?: unknown;
}

const CODE_BY_CLIENT_STATUS: Readonly<Record<number, ErrorCode>> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
};

/**
 * Turn anything thrown into an AppError so the edge has one shape to render. Unknown errors
 * become INTERNAL with the original kept as `cause` (logged, never sent).
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isZodError(error)) return fromZodError(error);
  if (error !== null && typeof error === 'object') {
    const mapped = fromHttpLikeError(error as HttpLikeError, error);
    if (mapped) return mapped;
  }
  return appError('INTERNAL', undefined, { cause: error });
}

// Duck-typed too: a second copy of zod in node_modules would fail `instanceof`.
function isZodError(error: unknown): error is ZodError {
  if (error instanceof ZodError) return true;
  return (
    error instanceof Error &&
    error.name === 'ZodError' &&
    Array.isArray((error as { issues?: unknown }).issues)
  );
}

function fromZodError(error: ZodError): AppError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  return appError('VALIDATION_FAILED', undefined, { details: { issues }, cause: error });
}

function fromHttpLikeError(error: HttpLikeError, cause: unknown): AppError | undefined {
  if (error.type === 'entity.parse.failed') return appError('MALFORMED_JSON', undefined, { cause });
  if (error.type === 'entity.too.large') {
    const details = typeof error.limit === 'number' ? { limitBytes: error.limit } : undefined;
    return appError('PAYLOAD_TOO_LARGE', undefined, { details, cause });
  }
  const status = statusOf(error);
  if (status === undefined || status < 400 || status >= 500) return undefined;
  const code = CODE_BY_CLIENT_STATUS[status] ?? 'VALIDATION_FAILED';
  // body-parser's own messages quote request values; answer with the catalogue's wording and
  // name the reason instead.
  const details = typeof error.type === 'string' ? { reason: error.type } : undefined;
  return appError(code, undefined, { details, cause });
}

function statusOf(error: HttpLikeError): number | undefined {
  const status = error.status ?? error.statusCode;
  return typeof status === 'number' && Number.isInteger(status) ? status : undefined;
}

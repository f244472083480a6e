export {
  ERROR_KINDS,
  HTTP_STATUS_BY_KIND,
  httpStatusForKind,
  type ErrorKind,
} from './error-kind.js';
export { AppError, isAppError, type AppErrorOptions } from './app-error.js';
export { ERROR_CATALOGUE, appError, type ErrorCode } from './catalogue.js';
export { toAppError } from './to-app-error.js';
export {
  errorMiddleware,
  errorBody,
  type ErrorLogger,
  type ErrorBody,
} from './error-middleware.js';
export { notFoundHandler } from './not-found-handler.js';

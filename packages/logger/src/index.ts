export type { Logger } from 'winston';
export { createLogger, type CreateLoggerOptions } from './create-logger.js';
export { redact } from './redact.js';
export { REDACTED } from './redaction-rules.js';
export {
  getRequestContext,
  runWithRequestContext,
  type RequestContext,
} from './request-context.js';

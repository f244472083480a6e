import { appError, type AppError } from '@mcpgw/errors';

/**
 * The one way this package reports a blocked destination. Details carry the reason and the bare
 * host only: never the URL (it may carry credentials) nor the resolved address (it would let a
 * registrant map internal DNS through error messages).
 */
export function ssrfBlocked(reason: string, host: string): AppError {
  return appError('SSRF_BLOCKED', `Outbound connection to "${host}" is not allowed (${reason}).`, {
    details: { reason, host },
  });
}

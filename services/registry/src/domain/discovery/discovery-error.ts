import { isAppError } from '@mcpgw/errors';

const MAX_LENGTH = 200;

/**
 * A short, safe description of a discovery failure: the stable code plus the stage and reason
 * from the error details. Messages of unknown errors are not copied: they may echo the URL or
 * request headers (credentials).
 */
export function discoveryErrorText(error: unknown): string {
  if (!isAppError(error)) return 'INTERNAL: unexpected discovery failure';
  const details = error.details ?? {};
  const parts = [details['stage'], details['reason']].filter(
    (part): part is string => typeof part === 'string' && part.length > 0,
  );
  const text = parts.length > 0 ? `${error.code}: ${parts.join('/')}` : error.code;
  return text.replace(/\s+/g, ' ').slice(0, MAX_LENGTH);
}

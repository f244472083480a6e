import { appError } from '@mcpgw/errors';
import type { AuthConfig } from '../config.js';

/**
 * The embedded provider keeps its state in memory and its keys in a local file: a dev and test
 * tool. A production deployment that still says `embedded` is a mistake to stop at once.
 */
export function assertEmbeddedAllowed(
  config: Pick<AuthConfig, 'NODE_ENV' | 'AUTH_ALLOW_EMBEDDED_IN_PRODUCTION'>,
): void {
  if (config.NODE_ENV !== 'production' || config.AUTH_ALLOW_EMBEDDED_IN_PRODUCTION) return;
  throw appError(
    'CONFIG_INVALID',
    'AUTH_MODE=embedded is a development and test identity provider and refuses to start with ' +
      'NODE_ENV=production. Use AUTH_MODE=keycloak, or set ' +
      'AUTH_ALLOW_EMBEDDED_IN_PRODUCTION=true for a disposable test environment.',
  );
}

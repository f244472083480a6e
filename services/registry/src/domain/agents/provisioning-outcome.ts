import { isAppError } from '@mcpgw/errors';
import type { IdentityProvisioning } from '../ports/identity-provisioning.js';
import type { RegistryContext } from '../registry-context.js';

export type ProvisioningOutcome =
  | { readonly status: 'synced' }
  | { readonly status: 'not_configured' }
  | { readonly status: 'failed'; readonly code: string };

/** Told to the caller (HTTP 202) when the registry change is stored but Keycloak was not updated. */
export interface ProvisioningWarning {
  readonly code: 'PROVISIONING_FAILED';
  readonly cause: string;
  readonly message: string;
}

/**
 * Runs one provisioning call after the registry change is stored. A failure is logged and
 * returned, never thrown: the directory is the source of truth and the change must not be lost
 * (nor half-reported as an error the caller would retry into a 409).
 */
export async function provision<T>(
  ctx: RegistryContext,
  provisioning: IdentityProvisioning,
  step: { readonly call: string; readonly target: string },
  run: () => Promise<T>,
): Promise<{ outcome: ProvisioningOutcome; value?: T }> {
  if (!provisioning.enabled) return { outcome: { status: 'not_configured' } };
  try {
    return { outcome: { status: 'synced' }, value: await run() };
  } catch (error) {
    const code = isAppError(error) ? error.code : 'INTERNAL';
    // Only the code and our own words: an adapter error message is not trusted to be secret-free.
    ctx.logger.warn('identity provisioning failed; the registry change is kept', {
      ...step,
      code,
    });
    return { outcome: { status: 'failed', code } };
  }
}

/** Audit details: nothing when provisioning is off, so existing events keep their shape. */
export function provisioningDetails(outcome: ProvisioningOutcome): Record<string, string> {
  if (outcome.status === 'not_configured') return {};
  if (outcome.status === 'synced') return { provisioning: 'synced' };
  return { provisioning: 'failed', provisioningError: outcome.code };
}

/** How to repair each kind of write; every provisioning call is idempotent. */
export const RETRY_HINTS = {
  agent: 'PATCH the agent with only its current rev to retry.',
  deletedAgent: 'Disable the client in the Keycloak admin console.',
  scopes: 'The next scope change retries the whole catalog.',
} as const;

export function provisioningWarning(
  outcome: ProvisioningOutcome,
  retry: string,
): ProvisioningWarning | undefined {
  if (outcome.status !== 'failed') return undefined;
  return {
    code: 'PROVISIONING_FAILED',
    cause: outcome.code,
    message: `The registry change is stored, but Keycloak was not updated. ${retry}`,
  };
}

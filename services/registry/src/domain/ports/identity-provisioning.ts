import { appError } from '@mcpgw/errors';

/** What the identity provider needs to know about an agent (a confidential client). */
export interface ProvisionedAgent {
  readonly id: string;
  readonly description: string;
  readonly grantedScopes: readonly string[];
}

export interface ProvisionedScope {
  readonly id: string;
  readonly description: string;
}

/**
 * A freshly issued client secret: either the secret itself, to be shown once and never stored,
 * or where the auth service wrote it (e.g. a Secrets Manager ARN). Never both.
 */
export interface IssuedAgentSecret {
  readonly secret?: string;
  readonly secretRef?: string;
}

/**
 * Keeps the identity provider (Keycloak, through the auth service's admin endpoints) in step
 * with the registry's agent directory and scope catalog. Every call is idempotent, so a failed
 * call is repaired by repeating the registry change. Errors are AppErrors without secrets.
 */
export interface IdentityProvisioning {
  /** False for the no-op adapter: nothing is provisioned and audit events say nothing about it. */
  readonly enabled: boolean;
  /**
   * Ensures the confidential client with its granted scopes. Never re-enables a disabled client.
   * Resolves with the first secret only when the client was created by this call.
   */
  syncAgent(agent: ProvisionedAgent): Promise<IssuedAgentSecret | undefined>;
  /** New tokens are refused at once; an unknown client counts as disabled. */
  disableAgent(agentId: string): Promise<void>;
  /** The old secret stops working at once; the new one is returned once. */
  rotateAgentSecret(agentId: string): Promise<IssuedAgentSecret>;
  /** Makes the provider's catalog client scopes equal to `scopes` (the whole catalog). */
  syncScopes(scopes: readonly ProvisionedScope[]): Promise<void>;
}

/** Used when no auth admin endpoint is configured: directory changes stay registry-only. */
export const NO_IDENTITY_PROVISIONING: IdentityProvisioning = Object.freeze({
  enabled: false,
  syncAgent: () => Promise.resolve(undefined),
  disableAgent: () => Promise.resolve(),
  rotateAgentSecret: () =>
    Promise.reject(
      appError(
        'NOT_READY',
        'Agent secrets cannot be rotated: no auth admin endpoint is configured ' +
          '(REGISTRY_AUTH_ADMIN_URL). Rotate the secret in Keycloak.',
      ),
    ),
  syncScopes: () => Promise.resolve(),
});

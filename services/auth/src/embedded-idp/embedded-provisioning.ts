import { randomBytes } from 'node:crypto';
import { appError } from '@mcpgw/errors';
import { assertAgentId } from '../provisioning/ensure-agent.js';
import type { Change, Provisioning } from '../provisioning/index.js';
import { issueSecret, type SecretWriter } from '../provisioning/secret-writer.js';
import type { ClientDirectory, DirectoryClient } from './client-directory.js';
import { syncDirectoryScopes } from './sync-directory-scopes.js';

export interface EmbeddedProvisioningOptions {
  /** When set, new agent secrets go here instead of into the response. */
  readonly secretWriter?: SecretWriter;
}

/** As strong as the generated seed secrets (dev-secrets.ts). */
function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const have = new Set(a);
  return have.size === new Set(b).size && b.every((item) => have.has(item));
}

/**
 * Clients the auth service itself signs in with (the console; the exchanging gateway client)
 * keep the seed's settings: turning one into an agent, or rotating its secret behind the
 * service's back, would break login or token exchange until restart.
 */
function assertProvisionable(client: DirectoryClient): void {
  if (client.login !== undefined || client.tokenExchange !== undefined)
    throw appError(
      'CONFLICT',
      `${client.id} is a client the auth service uses itself, not an agent; change it in ` +
        'AUTH_DEV_IDENTITY_FILE.',
    );
}

function existingAgent(directory: ClientDirectory, agentId: string): DirectoryClient {
  assertAgentId(agentId);
  const client = directory.client(agentId);
  if (client === undefined) throw appError('NOT_FOUND', `The agent ${agentId} does not exist.`);
  assertProvisionable(client);
  return client;
}

function unknownScopes(directory: ClientDirectory, scopes: readonly string[]): string[] {
  return scopes.filter((scope) => !directory.scopes().has(scope));
}

/**
 * The provisioning port over the embedded provider's client directory: the same contract as
 * the Keycloak adapter (create-provisioning.ts), so the admin endpoints behave alike in both
 * modes. State is in memory and starts from the seed at every start.
 */
export function createEmbeddedProvisioning(
  directory: ClientDirectory,
  options: EmbeddedProvisioningOptions = {},
): Provisioning {
  const { secretWriter } = options;
  return {
    async ensureAgent(spec) {
      assertAgentId(spec.id);
      const wanted = [...new Set(spec.grantedScopes)];
      // Unknown scopes are refused before anything is written, so a bad request creates nothing.
      const unknown = unknownScopes(directory, wanted);
      if (unknown.length > 0)
        throw appError('VALIDATION_FAILED', `Unknown scopes: ${unknown.join(', ')}.`, {
          details: { unknownScopes: unknown },
        });
      const existing = directory.client(spec.id);
      if (existing === undefined) {
        const secret = newSecret();
        directory.put({
          id: spec.id,
          description: spec.description,
          scopes: wanted,
          secret,
          enabled: true,
        });
        return { change: 'created', secret: await issueSecret(spec.id, secret, secretWriter) };
      }
      assertProvisionable(existing);
      if (existing.description === spec.description && sameSet(existing.scopes, wanted))
        return { change: 'unchanged' };
      // A disabled agent stays disabled: re-enabling is a separate, deliberate act.
      directory.put({ ...existing, description: spec.description, scopes: wanted });
      return { change: 'updated' };
    },

    async rotateAgentSecret(agentId) {
      const client = existingAgent(directory, agentId);
      const secret = newSecret();
      directory.put({ ...client, secret });
      return issueSecret(agentId, secret, secretWriter);
    },

    async disableAgent(agentId): Promise<Change> {
      const client = existingAgent(directory, agentId);
      if (!client.enabled) return 'unchanged';
      directory.put({ ...client, enabled: false });
      return 'updated';
    },

    syncScopes: async (catalog) => syncDirectoryScopes(directory, catalog),
  };
}

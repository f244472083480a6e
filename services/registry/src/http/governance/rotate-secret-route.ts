import { z } from 'zod';
import { rotateAgentSecret } from '../../domain/agents/rotate-agent-secret.js';
import type { IdentityProvisioning } from '../../domain/ports/identity-provisioning.js';
import type { RegistryContext } from '../../domain/registry-context.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { agentIdSchema, issuedSecretSchema } from './agent-schemas.js';
import { errorSchema } from './common-schemas.js';

/** For answers that may carry a secret: no browser, proxy or CDN keeps a copy. */
export const NO_STORE: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  pragma: 'no-cache',
});

/**
 * `POST /v1/agents/:agentId/rotate-secret`. The new secret is in this answer and nowhere else;
 * losing it means rotating again.
 */
export function rotateSecretRoute(
  ctx: RegistryContext,
  provisioning: IdentityProvisioning,
): RouteDefinition {
  return defineRoute({
    method: 'POST',
    path: '/v1/agents/:agentId/rotate-secret',
    summary: "Rotate an agent's Keycloak client secret; the new one is returned once",
    tag: 'Agents',
    params: z.strictObject({ agentId: agentIdSchema }),
    responses: {
      200: {
        description: 'Rotated: the old secret no longer works',
        schema: issuedSecretSchema.extend({ id: z.string() }),
      },
      404: { description: 'No such agent', schema: errorSchema },
      409: { description: 'The agent is revoked', schema: errorSchema },
      502: { description: 'The auth service failed; nothing changed', schema: errorSchema },
      503: { description: 'No auth admin endpoint is configured', schema: errorSchema },
    },
    handler: async ({ params, actor }) => {
      const issued = await rotateAgentSecret(ctx, actor, params.agentId, provisioning);
      return { headers: NO_STORE, body: { id: params.agentId, ...issued } };
    },
  });
}

import { z } from 'zod';
import { createAgent, type AgentWrite } from '../../domain/agents/create-agent.js';
import { listAgents } from '../../domain/agents/list-agents.js';
import { deleteAgent } from '../../domain/agents/delete-agent.js';
import { getAgent, updateAgent } from '../../domain/agents/update-agent.js';
import type { IdentityProvisioning } from '../../domain/ports/identity-provisioning.js';
import type { RegistryContext } from '../../domain/registry-context.js';
import { defineRoute, type RouteDefinition, type RouteResult } from '../route.js';
import {
  agentIdSchema,
  agentSchema,
  agentWriteSchema,
  createAgentSchema,
  patchAgentSchema,
} from './agent-schemas.js';
import { errorSchema, pageQuerySchema, pageSchema, warningSchema } from './common-schemas.js';
import { NO_STORE, rotateSecretRoute } from './rotate-secret-route.js';

const TAG = 'Agents';
const agentParams = z.strictObject({ agentId: agentIdSchema });

/**
 * 202 + `warning` when the agent is stored but Keycloak was not updated. A first client secret
 * (when this write created the Keycloak client) is passed through once and never cached.
 */
function agentAnswer(write: AgentWrite, status: number): RouteResult {
  return {
    status: write.warning === undefined ? status : 202,
    headers: NO_STORE,
    body: {
      ...write.agent,
      ...write.issued,
      ...(write.warning === undefined ? {} : { warning: write.warning }),
    },
  };
}

export function agentRoutes(
  ctx: RegistryContext,
  provisioning: IdentityProvisioning,
): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/v1/agents',
      summary: 'List agents',
      tag: TAG,
      query: pageQuerySchema.extend({
        team: z.string().max(64).optional(),
        status: z.enum(['active', 'revoked']).optional(),
      }),
      responses: { 200: { description: 'A page of agents', schema: pageSchema(agentSchema) } },
      handler: async ({ query }) => ({ body: await listAgents(ctx, query) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/agents/:agentId',
      summary: 'Get an agent',
      tag: TAG,
      params: agentParams,
      responses: { 200: { description: 'The agent', schema: agentSchema } },
      handler: async ({ params }) => ({ body: await getAgent(ctx, params.agentId) }),
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/agents',
      summary: 'Register an agent (a Keycloak client) in the directory; no secrets',
      tag: TAG,
      body: createAgentSchema,
      responses: {
        201: {
          description: 'Created; with the first client secret (once) if Keycloak created it now',
          schema: agentWriteSchema,
        },
        202: { description: 'Stored, but Keycloak was not updated', schema: agentWriteSchema },
        400: { description: 'Invalid, unknown scopes, or a secret field', schema: errorSchema },
      },
      handler: async ({ body, actor }) =>
        agentAnswer(await createAgent(ctx, actor, body, provisioning), 201),
    }),
    defineRoute({
      method: 'PATCH',
      path: '/v1/agents/:agentId',
      summary: 'Change or revoke an agent (optimistic concurrency with rev)',
      tag: TAG,
      params: agentParams,
      body: patchAgentSchema,
      responses: {
        200: { description: 'Updated', schema: agentWriteSchema },
        202: { description: 'Stored, but Keycloak was not updated', schema: agentWriteSchema },
      },
      handler: async ({ params, body, actor }) => {
        const { rev, ...changes } = body;
        const write = await updateAgent(ctx, actor, params.agentId, { rev, changes }, provisioning);
        return agentAnswer(write, 200);
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/v1/agents/:agentId',
      summary: 'Remove an agent from the directory and disable its Keycloak client',
      tag: TAG,
      params: agentParams,
      responses: {
        204: { description: 'Deleted' },
        202: {
          description: 'Deleted, but the Keycloak client was not disabled',
          schema: z.object({ warning: warningSchema }),
        },
      },
      handler: async ({ params, actor }) => {
        const { warning } = await deleteAgent(ctx, actor, params.agentId, provisioning);
        return warning === undefined ? { status: 204 } : { status: 202, body: { warning } };
      },
    }),
    rotateSecretRoute(ctx, provisioning),
  ];
}

import { z } from 'zod';
import { createAgent } from '../../domain/agents/create-agent.js';
import { listAgents } from '../../domain/agents/list-agents.js';
import { deleteAgent } from '../../domain/agents/delete-agent.js';
import { getAgent, updateAgent } from '../../domain/agents/update-agent.js';
import type { RegistryContext } from '../../domain/registry-context.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import {
  agentIdSchema,
  agentSchema,
  createAgentSchema,
  patchAgentSchema,
} from './agent-schemas.js';
import { errorSchema, pageQuerySchema, pageSchema } from './common-schemas.js';

const TAG = 'Agents';
const agentParams = z.strictObject({ agentId: agentIdSchema });

export function agentRoutes(ctx: RegistryContext): RouteDefinition[] {
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
        201: { description: 'Created', schema: agentSchema },
        400: { description: 'Invalid, unknown scopes, or a secret field', schema: errorSchema },
      },
      handler: async ({ body, actor }) => ({
        status: 201,
        body: await createAgent(ctx, actor, body),
      }),
    }),
    defineRoute({
      method: 'PATCH',
      path: '/v1/agents/:agentId',
      summary: 'Change or revoke an agent (optimistic concurrency with rev)',
      tag: TAG,
      params: agentParams,
      body: patchAgentSchema,
      responses: { 200: { description: 'Updated', schema: agentSchema } },
      handler: async ({ params, body, actor }) => {
        const { rev, ...changes } = body;
        return { body: await updateAgent(ctx, actor, params.agentId, { rev, changes }) };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/v1/agents/:agentId',
      summary: 'Remove an agent from the directory',
      tag: TAG,
      params: agentParams,
      responses: { 204: { description: 'Deleted' } },
      handler: async ({ params, actor }) => {
        await deleteAgent(ctx, actor, params.agentId);
        return { status: 204 };
      },
    }),
  ];
}

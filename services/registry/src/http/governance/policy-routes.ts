import { z } from 'zod';
import { listPolicies } from '../../domain/policies/list-policies.js';
import {
  createPolicy,
  deletePolicy,
  getPolicy,
  updatePolicy,
} from '../../domain/policies/write-policy.js';
import type { RegistryContext } from '../../domain/registry-context.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { errorSchema, pageQuerySchema, pageSchema, revSchema } from './common-schemas.js';

/**
 * The body is an @mcpgw/policy Policy. Its structure is checked by validatePolicy (which lists
 * every problem in the policy's own terms), so zod only insists on an object here.
 */
const policyBodySchema = z
  .record(z.string(), z.unknown())
  .describe('An @mcpgw/policy Policy: id, effect, subjects, actions, targets, conditions?');

const policyIdSchema = z.strictObject({
  policyId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'is not a policy id'),
});

const policyRecordSchema = z.object({
  id: z.string(),
  rev: z.number(),
  rule: policyBodySchema,
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const TAG = 'Policies';

export function policyRoutes(ctx: RegistryContext): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/v1/policies',
      summary: 'List policies',
      tag: TAG,
      query: pageQuerySchema,
      responses: { 200: { description: 'A page', schema: pageSchema(policyRecordSchema) } },
      handler: async ({ query }) => ({ body: await listPolicies(ctx, query) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/policies/:policyId',
      summary: 'Get a policy',
      tag: TAG,
      params: policyIdSchema,
      responses: { 200: { description: 'The policy', schema: policyRecordSchema } },
      handler: async ({ params }) => ({ body: await getPolicy(ctx, params.policyId) }),
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/policies',
      summary: 'Create a policy',
      tag: TAG,
      body: policyBodySchema,
      responses: {
        201: { description: 'Created', schema: policyRecordSchema },
        400: { description: 'Every problem of the policy, at once', schema: errorSchema },
      },
      handler: async ({ body, actor }) => ({
        status: 201,
        body: await createPolicy(ctx, actor, body),
      }),
    }),
    defineRoute({
      method: 'PUT',
      path: '/v1/policies/:policyId',
      summary: 'Replace a policy (optimistic concurrency with rev)',
      tag: TAG,
      params: policyIdSchema,
      body: z.strictObject({ rev: revSchema, policy: policyBodySchema }),
      responses: {
        200: { description: 'Replaced', schema: policyRecordSchema },
        409: { description: 'rev is stale', schema: errorSchema },
      },
      handler: async ({ params, body, actor }) => ({
        body: await updatePolicy(ctx, actor, params.policyId, body),
      }),
    }),
    defineRoute({
      method: 'DELETE',
      path: '/v1/policies/:policyId',
      summary: 'Delete a policy',
      tag: TAG,
      params: policyIdSchema,
      responses: { 204: { description: 'Deleted' } },
      handler: async ({ params, actor }) => {
        await deletePolicy(ctx, actor, params.policyId);
        return { status: 204 };
      },
    }),
  ];
}

import { z } from 'zod';
import { createScope } from '../../domain/scopes/create-scope.js';
import { deleteScope } from '../../domain/scopes/delete-scope.js';
import { listScopes } from '../../domain/scopes/list-scopes.js';
import {
  SCOPE_DESCRIPTION_MAX,
  SCOPE_ID_MAX,
  SCOPE_ID_PATTERN,
} from '../../domain/scopes/scope-rules.js';
import type { RegistryContext } from '../../domain/registry-context.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { errorSchema, pageQuerySchema, pageSchema, textSchema } from './common-schemas.js';

export const scopeIdSchema = z
  .string()
  .max(SCOPE_ID_MAX)
  .regex(SCOPE_ID_PATTERN, 'must be dotted lowercase words, e.g. crm.read');

const scopeSchema = z.object({
  id: z.string(),
  rev: z.number(),
  description: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const TAG = 'Scopes';

export function scopeRoutes(ctx: RegistryContext): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/v1/scopes',
      summary: 'List the scope catalog',
      tag: TAG,
      query: pageQuerySchema,
      responses: { 200: { description: 'A page of scopes', schema: pageSchema(scopeSchema) } },
      handler: async ({ query }) => ({ body: await listScopes(ctx, query) }),
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/scopes',
      summary: 'Add a scope to the catalog',
      tag: TAG,
      body: z.strictObject({ id: scopeIdSchema, description: textSchema(SCOPE_DESCRIPTION_MAX) }),
      responses: {
        201: { description: 'Created', schema: scopeSchema },
        409: { description: 'The scope exists', schema: errorSchema },
      },
      handler: async ({ body, actor }) => ({
        status: 201,
        body: await createScope(ctx, actor, body),
      }),
    }),
    defineRoute({
      method: 'DELETE',
      path: '/v1/scopes/:scopeId',
      summary: 'Remove a scope nobody uses',
      tag: TAG,
      params: z.strictObject({ scopeId: scopeIdSchema }),
      responses: {
        204: { description: 'Deleted' },
        409: {
          description: 'Still required by a tool or granted to an agent',
          schema: errorSchema,
        },
      },
      handler: async ({ params, actor }) => {
        await deleteScope(ctx, actor, params.scopeId);
        return { status: 204 };
      },
    }),
  ];
}

import { z } from 'zod';
import { createScope } from '../../domain/scopes/create-scope.js';
import { deleteScope } from '../../domain/scopes/delete-scope.js';
import { listScopes } from '../../domain/scopes/list-scopes.js';
import {
  SCOPE_DESCRIPTION_MAX,
  SCOPE_ID_MAX,
  SCOPE_ID_PATTERN,
} from '../../domain/scopes/scope-rules.js';
import type { IdentityProvisioning } from '../../domain/ports/identity-provisioning.js';
import type { RegistryContext } from '../../domain/registry-context.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import {
  errorSchema,
  pageQuerySchema,
  pageSchema,
  textSchema,
  warningSchema,
} from './common-schemas.js';

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

const STORED_NOT_SYNCED = 'Stored, but Keycloak client scopes were not synced';

export function scopeRoutes(
  ctx: RegistryContext,
  provisioning: IdentityProvisioning,
): RouteDefinition[] {
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
        202: {
          description: STORED_NOT_SYNCED,
          schema: scopeSchema.extend({ warning: warningSchema }),
        },
        409: { description: 'The scope exists', schema: errorSchema },
      },
      handler: async ({ body, actor }) => {
        const { scope, warning } = await createScope(ctx, actor, body, provisioning);
        return warning === undefined
          ? { status: 201, body: scope }
          : { status: 202, body: { ...scope, warning } };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/v1/scopes/:scopeId',
      summary: 'Remove a scope nobody uses',
      tag: TAG,
      params: z.strictObject({ scopeId: scopeIdSchema }),
      responses: {
        204: { description: 'Deleted' },
        202: { description: STORED_NOT_SYNCED, schema: z.object({ warning: warningSchema }) },
        409: {
          description: 'Still required by a tool or granted to an agent',
          schema: errorSchema,
        },
      },
      handler: async ({ params, actor }) => {
        const { warning } = await deleteScope(ctx, actor, params.scopeId, provisioning);
        return warning === undefined ? { status: 204 } : { status: 202, body: { warning } };
      },
    }),
  ];
}

import { ACTIONS } from '@mcpgw/policy';
import { z } from 'zod';
import { explainPolicy } from '../../domain/policies/explain-policy.js';
import { ENVIRONMENTS } from '../../domain/model/lifecycle.js';
import type { RegistryContext } from '../../domain/registry-context.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { errorSchema, isoTimeSchema } from './common-schemas.js';

const name = z.string().min(1).max(256);
const names = z.array(name).max(256);

const principalSchema = z.union([
  z.strictObject({
    subject: name,
    clientId: name.optional(),
    groups: names,
    scopes: names,
    userId: name.optional(),
  }),
  z.strictObject({ agentId: name }),
]);

const explainBodySchema = z.strictObject({
  principal: principalSchema,
  action: z.enum(ACTIONS),
  target: z.strictObject({ server: name, name: z.string().min(1).max(2048) }),
  environment: z.enum(ENVIRONMENTS),
  arguments: z.record(z.string(), z.unknown()).optional(),
  at: isoTimeSchema.optional(),
});

const explainResultSchema = z.object({
  decision: z.enum(['allow', 'deny', 'require_approval']),
  reasons: z.array(z.string()),
  matchedPolicies: z.array(z.string()),
  missingScopes: z.array(z.string()),
  trace: z.object({
    scopes: z.object({
      required: z.array(z.string()),
      held: z.array(z.string()),
      missing: z.array(z.string()),
    }),
    policies: z.array(z.record(z.string(), z.unknown())),
    steps: z.array(z.string()),
  }),
});

export function explainRoutes(ctx: RegistryContext): RouteDefinition[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/v1/policy/explain',
      summary: 'Explain the decision for (principal, action, target)',
      tag: 'Policies',
      body: explainBodySchema,
      responses: {
        200: {
          description: 'The decision and every policy’s reasoning',
          schema: explainResultSchema,
        },
        404: { description: 'Unknown agent, server or tool', schema: errorSchema },
      },
      handler: async ({ body }) => ({ body: await explainPolicy(ctx, body) }),
    }),
  ];
}

import { z } from 'zod';
import { queryAudit } from '../../domain/audit-query/query-audit.js';
import type { RegistryContext } from '../../domain/registry-context.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { isoTimeSchema, pageQuerySchema, pageSchema } from './common-schemas.js';

const term = z.string().min(1).max(256);

const auditQuerySchema = pageQuerySchema.extend({
  agent: term.optional(),
  user: term.optional(),
  server: term.optional(),
  tool: term.optional(),
  decision: z.enum(['allow', 'deny', 'require_approval']).optional(),
  action: term.optional(),
  from: isoTimeSchema.optional(),
  to: isoTimeSchema.optional(),
});

const auditEventSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    source: z.enum(['registry', 'gateway']),
    instance: z.string(),
    seq: z.number(),
    prevHash: z.string(),
    hash: z.string(),
    action: z.string(),
    actor: z.record(z.string(), z.unknown()),
    target: z.record(z.string(), z.unknown()),
    outcome: z.string(),
  })
  .loose();

/** Normalizes `from`/`to` to UTC `Z` so they compare as strings with the stored `at`. */
function utc(value: string | undefined): string | undefined {
  return value === undefined ? undefined : new Date(value).toISOString();
}

export function auditRoutes(ctx: RegistryContext): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/v1/audit',
      summary: 'Query audit events, newest first',
      tag: 'Audit',
      query: auditQuerySchema,
      responses: { 200: { description: 'A page of events', schema: pageSchema(auditEventSchema) } },
      handler: async ({ query }) => ({
        body: await queryAudit(ctx, { ...query, from: utc(query.from), to: utc(query.to) }),
      }),
    }),
  ];
}

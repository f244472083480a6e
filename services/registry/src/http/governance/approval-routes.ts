import { z } from 'zod';
import { createApproval } from '../../domain/approvals/create-approval.js';
import { decideApproval } from '../../domain/approvals/decide-approval.js';
import { getApproval } from '../../domain/approvals/expire-approval.js';
import { listApprovals } from '../../domain/approvals/list-approvals.js';
import { ENVIRONMENTS } from '../../domain/model/lifecycle.js';
import type { RegistryContext } from '../../domain/registry-context.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { errorSchema, pageQuerySchema, pageSchema, textSchema } from './common-schemas.js';

const TAG = 'Approvals';
const MAX_ARGUMENTS_JSON = 16 * 1024;
const name = z.string().min(1).max(256);
const approvalParams = z.strictObject({ approvalId: z.uuid() });

const createApprovalSchema = z.strictObject({
  agentId: name,
  subject: name,
  userId: name.optional(),
  serverId: z.string().regex(/^[a-z][a-z0-9-]{1,47}$/, 'must be a server slug'),
  tool: name,
  environment: z.enum(ENVIRONMENTS),
  argumentsDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256:<64 hex>'),
  arguments: z
    .record(z.string(), z.unknown())
    .refine((args) => JSON.stringify(args).length <= MAX_ARGUMENTS_JSON, {
      message: `must serialize to at most ${MAX_ARGUMENTS_JSON} characters`,
    })
    .optional(),
  reasons: z.array(textSchema(1000)).max(50),
  ttlSeconds: z.number().int().min(10).max(86_400),
});

const approvalSchema = z.object({
  id: z.string(),
  rev: z.number(),
  status: z.enum(['pending', 'approved', 'denied', 'expired']),
  requester: z.object({ agentId: z.string(), subject: z.string(), userId: z.string().optional() }),
  serverId: z.string(),
  tool: z.string(),
  environment: z.string(),
  argumentsDigest: z.string(),
  arguments: z.record(z.string(), z.unknown()).optional(),
  reasons: z.array(z.string()),
  requestedBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  decidedBy: z.string().optional(),
  decidedAt: z.string().optional(),
  decisionReason: z.string().optional(),
});

export function internalApprovalRoutes(ctx: RegistryContext): RouteDefinition[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/internal/v1/approvals',
      summary: 'Hold a call for approval (gateway)',
      tag: TAG,
      body: createApprovalSchema,
      responses: {
        201: {
          description: 'Pending',
          schema: z.object({ id: z.string(), status: z.literal('pending'), expiresAt: z.string() }),
        },
      },
      handler: async ({ body, actor }) => {
        const approval = await createApproval(ctx, actor, body);
        return {
          status: 201,
          body: { id: approval.id, status: approval.status, expiresAt: approval.expiresAt },
        };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/internal/v1/approvals/:approvalId',
      summary: 'Poll a held call (gateway); past the deadline it is expired',
      tag: TAG,
      params: approvalParams,
      responses: { 200: { description: 'The approval', schema: approvalSchema } },
      handler: async ({ params, actor }) => ({
        body: await getApproval(ctx, actor, params.approvalId),
      }),
    }),
  ];
}

export function approvalRoutes(ctx: RegistryContext): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/v1/approvals',
      summary: 'List approvals, newest first',
      tag: TAG,
      query: pageQuerySchema.extend({
        status: z.enum(['pending', 'approved', 'denied', 'expired']).optional(),
      }),
      responses: { 200: { description: 'A page', schema: pageSchema(approvalSchema) } },
      handler: async ({ query, actor }) => ({ body: await listApprovals(ctx, actor, query) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/approvals/:approvalId',
      summary: 'Get an approval',
      tag: TAG,
      params: approvalParams,
      responses: { 200: { description: 'The approval', schema: approvalSchema } },
      handler: async ({ params, actor }) => ({
        body: await getApproval(ctx, actor, params.approvalId),
      }),
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/approvals/:approvalId/decision',
      summary: 'Approve or deny a held call (not your own)',
      tag: TAG,
      params: approvalParams,
      body: z.strictObject({
        decision: z.enum(['approve', 'deny']),
        reason: textSchema(1000).min(1),
      }),
      responses: {
        200: { description: 'Decided', schema: approvalSchema },
        403: { description: 'Your own request', schema: errorSchema },
        409: { description: 'Already decided or expired', schema: errorSchema },
      },
      handler: async ({ params, body, actor }) => ({
        body: await decideApproval(ctx, actor, params.approvalId, body),
      }),
    }),
  ];
}

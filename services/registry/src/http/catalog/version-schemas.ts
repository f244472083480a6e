import { z } from 'zod';
import { TRANSPORTS } from '../../domain/model/classification.js';
import { LIFECYCLE_ACTIONS, LIFECYCLE_STATUSES } from '../../domain/model/lifecycle.js';
import { SCOPE_PATTERN } from '../../domain/servers/catalog-patterns.js';
import { slugSchema, versionStringSchema } from './server-schemas.js';

export const versionParams = z.strictObject({ serverId: slugSchema, version: versionStringSchema });

const reason = z.string().trim().min(3).max(1_000);

export const lifecycleBody = z.strictObject({
  action: z.enum(LIFECYCLE_ACTIONS),
  reason,
  retireAt: z.iso.datetime({ offset: true }).optional(),
});

/** `<kind>/<name>`; names are tool/prompt names or resource URIs. */
const definitionKeySchema = z
  .string()
  .max(600)
  .regex(/^(tool|resource|resource_template|prompt)\/[^\s]{1,512}$/, '<kind>/<name>');

export const acceptFindingsBody = z.strictObject({
  reason,
  rev: z.number().int().min(1).optional(),
});

export const setScopesBody = z.strictObject({
  scopes: z
    .record(definitionKeySchema, z.array(z.string().max(128).regex(SCOPE_PATTERN)).min(1).max(20))
    .refine((value) => Object.keys(value).length <= 500, 'at most 500 definitions'),
  rev: z.number().int().min(1),
});

export const acceptDriftBody = z.strictObject({
  names: z.array(definitionKeySchema).min(1).max(500),
  reason,
});

const definitionResponse = z.object({
  kind: z.enum(['tool', 'resource', 'resource_template', 'prompt']),
  name: z.string(),
  body: z.record(z.string(), z.unknown()),
  hash: z.string(),
  pinnedHash: z.string().optional(),
  findings: z.array(z.record(z.string(), z.unknown())),
  requiredScopes: z.array(z.string()),
  drift: z.record(z.string(), z.unknown()).optional(),
});

export const versionResponse = z.object({
  id: z.string(),
  rev: z.number(),
  serverId: z.string(),
  version: z.string(),
  url: z.string(),
  transport: z.enum(TRANSPORTS),
  status: z.enum(LIFECYCLE_STATUSES),
  approvedFor: z.array(z.enum(['dev', 'prod'])),
  retireAt: z.string().optional(),
  history: z.array(
    z.object({
      action: z.string(),
      from: z.string().nullable(),
      to: z.string(),
      actor: z.string(),
      reason: z.string(),
      at: z.string(),
    }),
  ),
  discovery: z.record(z.string(), z.unknown()).optional(),
  definitions: z.array(definitionResponse),
  findingsAcceptance: z.record(z.string(), z.unknown()).optional(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const versionListResponse = z.object({ items: z.array(versionResponse) });

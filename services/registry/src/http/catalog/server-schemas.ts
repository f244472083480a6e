import { z } from 'zod';
import {
  DATA_CLASSIFICATIONS,
  RISK_LEVELS,
  TRANSPORTS,
} from '../../domain/model/classification.js';
import { ENVIRONMENTS, LIFECYCLE_STATUSES } from '../../domain/model/lifecycle.js';
import {
  SLUG_PATTERN,
  TAG_PATTERN,
  TEAM_PATTERN,
  VERSION_PATTERN,
} from '../../domain/servers/catalog-patterns.js';
import { credentialRefProblems } from '../../domain/servers/credential-ref-rules.js';

export const slugSchema = z
  .string()
  .max(48)
  .regex(SLUG_PATTERN, 'lowercase slug: ^[a-z][a-z0-9-]{1,47}$');
export const versionStringSchema = z.string().max(64).regex(VERSION_PATTERN, 'semantic version');
export const teamSchema = z.string().max(63).regex(TEAM_PATTERN, 'team name');
const text = (max: number) => z.string().trim().min(1).max(max);

export const credentialRefSchema = z
  .strictObject({
    source: z.string().min(1).max(1024),
    jsonKey: z.string().min(1).max(128).optional(),
    header: z.string().min(1).max(64),
    template: z.string().min(1).max(256),
  })
  .superRefine((ref, issues) => {
    // Messages only: a rejected value may be a secret and must not be echoed back.
    for (const message of credentialRefProblems(ref)) issues.addIssue({ code: 'custom', message });
  });

export const healthCheckSchema = z.strictObject({
  intervalSeconds: z.number().int().min(10).max(3_600),
  timeoutMs: z.number().int().min(100).max(60_000),
  failureThreshold: z.number().int().min(1).max(20),
});

export const versionInputSchema = z.strictObject({
  version: versionStringSchema,
  url: z.string().min(1).max(2048),
  transport: z.enum(TRANSPORTS),
});

const metadataFields = {
  name: text(120),
  description: text(2_000),
  capability: z.string().max(48).regex(TAG_PATTERN, 'capability'),
  ownerTeam: teamSchema,
  technicalOwner: text(200),
  environments: z.array(z.enum(ENVIRONMENTS)).min(1).max(ENVIRONMENTS.length),
  tags: z.array(z.string().max(48).regex(TAG_PATTERN, 'tag')).max(20),
  riskLevel: z.enum(RISK_LEVELS),
  dataClassification: z.enum(DATA_CLASSIFICATIONS),
  credentialRefs: z.array(credentialRefSchema).max(10),
  healthCheck: healthCheckSchema.optional(),
  onBehalfOfAudience: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/)
    .optional(),
};

export const registerServerBody = z.strictObject({
  slug: slugSchema,
  ...metadataFields,
  tags: metadataFields.tags.default([]),
  credentialRefs: metadataFields.credentialRefs.default([]),
  version: versionInputSchema,
});

/** Everything but the slug is editable; unknown keys (including `slug`/`id`) are rejected. */
export const patchServerBody = z
  .strictObject(metadataFields)
  .partial()
  .extend({ rev: z.number().int().min(1) });

export const serverParams = z.strictObject({ serverId: slugSchema });

export const listServersQuery = z.strictObject({
  status: z.enum(LIFECYCLE_STATUSES).optional(),
  environment: z.enum(ENVIRONMENTS).optional(),
  ownerTeam: teamSchema.optional(),
  tag: z.string().max(48).regex(TAG_PATTERN).optional(),
  riskLevel: z.enum(RISK_LEVELS).optional(),
  dataClassification: z.enum(DATA_CLASSIFICATIONS).optional(),
  capability: z.string().max(48).regex(TAG_PATTERN).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});

const credentialRefOut = z.object({
  source: z.string(),
  jsonKey: z.string().optional(),
  header: z.string(),
  template: z.string(),
});

export const serverResponse = z.object({
  id: z.string(),
  rev: z.number(),
  ...metadataFields,
  credentialRefs: z.array(credentialRefOut),
  healthCheck: healthCheckSchema,
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const versionSummaryResponse = z.object({
  id: z.string(),
  version: z.string(),
  status: z.enum(LIFECYCLE_STATUSES),
  approvedFor: z.array(z.enum(['dev', 'prod'])),
  retireAt: z.string().optional(),
  updatedAt: z.string(),
});

export const serverListResponse = z.object({
  items: z.array(serverResponse),
  nextCursor: z.string().optional(),
});

export const serverDetailResponse = z.object({
  server: serverResponse,
  versions: z.array(versionSummaryResponse),
});

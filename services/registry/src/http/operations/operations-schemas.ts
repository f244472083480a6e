import { z } from 'zod';
import { SLUG_PATTERN, VERSION_PATTERN } from '../../domain/servers/catalog-patterns.js';

const slug = z.string().max(48).regex(SLUG_PATTERN, 'server slug');
const semver = z.string().max(64).regex(VERSION_PATTERN, 'semantic version');

export const operationsServerParams = z.strictObject({ serverId: slug });
export const operationsVersionParams = z.strictObject({ serverId: slug, version: semver });

/**
 * A gateway's drift report. Strict: the gateway is trusted to report, not to write arbitrary
 * fields, so unknown keys, oversized names and malformed hashes are rejected outright.
 */
export const driftReportBody = z.strictObject({
  serverId: slug,
  version: semver,
  kind: z.enum(['tool', 'resource', 'resource_template', 'prompt']),
  name: z.string().min(1).max(2048),
  liveHash: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'sha256:<64 hex>'),
  reporter: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9._:@-]+$/, 'gateway instance id'),
});

const definitionResponse = z.looseObject({
  kind: z.string(),
  name: z.string(),
  hash: z.string(),
  pinnedHash: z.string().optional(),
  drift: z
    .looseObject({ detectedAt: z.string(), liveHash: z.string(), source: z.string() })
    .optional(),
});

export const discoveredVersionResponse = z.looseObject({
  id: z.string(),
  serverId: z.string(),
  version: z.string(),
  status: z.string(),
  discovery: z
    .looseObject({
      at: z.string(),
      ok: z.boolean(),
      era: z.string().optional(),
      error: z.string().optional(),
    })
    .optional(),
  definitions: z.array(definitionResponse),
});

export const driftReportResponse = z.object({
  drifted: z.boolean(),
  recorded: z.boolean(),
  definition: definitionResponse,
});

const healthSample = z.object({
  at: z.string(),
  ok: z.boolean(),
  latencyMs: z.number(),
  error: z.string().optional(),
});

export const serverHealthResponse = z.object({
  serverId: z.string(),
  versions: z.array(
    z.object({
      versionId: z.string(),
      version: z.string(),
      lifecycleStatus: z.string(),
      status: z.enum(['unknown', 'healthy', 'unhealthy']),
      consecutiveFailures: z.number(),
      lastCheckedAt: z.string().optional(),
      history: z.array(healthSample),
    }),
  ),
});

import { z } from 'zod';

/**
 * The gateway snapshot (ARCHITECTURE §7): everything a gateway needs to serve one environment,
 * built by the registry and polled by the gateway with If-None-Match. Objects are loose
 * (`z.object`, not strict) on purpose: a newer registry may add fields and an older gateway must
 * still accept the snapshot; anything the gateway relies on is required here.
 */
const pinned = { pinnedHash: z.string().min(1), requiredScopes: z.array(z.string()) };
const jsonObject = z.record(z.string(), z.unknown());

export const snapshotToolSchema = z.object({
  name: z.string().min(1),
  title: z.string().optional(),
  description: z.string().optional(),
  inputSchema: jsonObject,
  outputSchema: jsonObject.optional(),
  annotations: jsonObject.optional(),
  ...pinned,
});

export const snapshotResourceSchema = z.object({
  uri: z.string().min(1),
  name: z.string(),
  description: z.string().optional(),
  mimeType: z.string().optional(),
  ...pinned,
});

export const snapshotResourceTemplateSchema = z.object({
  uriTemplate: z.string().min(1),
  name: z.string(),
  description: z.string().optional(),
  mimeType: z.string().optional(),
  ...pinned,
});

export const snapshotPromptSchema = z.object({
  name: z.string().min(1),
  title: z.string().optional(),
  description: z.string().optional(),
  arguments: z.array(jsonObject).optional(),
  ...pinned,
});

export const snapshotVersionSchema = z.object({
  version: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }),
  transport: z.enum(['streamable-http', 'sse']),
  status: z.enum(['approved_dev', 'approved_prod', 'deprecated']),
  retireAt: z.string().optional(),
  tools: z.array(snapshotToolSchema),
  resources: z.array(snapshotResourceSchema),
  resourceTemplates: z.array(snapshotResourceTemplateSchema),
  prompts: z.array(snapshotPromptSchema),
});

export const snapshotServerSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  description: z.string(),
  riskLevel: z.enum(['low', 'medium', 'high', 'critical']),
  dataClassification: z.enum(['public', 'internal', 'confidential', 'restricted']),
  credentialRefs: z.array(
    z.object({
      source: z.string().min(1),
      jsonKey: z.string().optional(),
      header: z.string().min(1),
      template: z.string().min(1),
    }),
  ),
  onBehalfOfAudience: z.string().optional(),
  health: z.object({
    status: z.enum(['unknown', 'healthy', 'unhealthy']),
    lastCheckedAt: z.string().optional(),
  }),
  defaultVersion: z.string().min(1),
  versions: z.array(snapshotVersionSchema).min(1),
});

export const gatewaySnapshotSchema = z.object({
  schemaVersion: z.literal(1),
  environment: z.string().min(1),
  generatedAt: z.string().min(1),
  servers: z.array(snapshotServerSchema),
  scopes: z.array(z.object({ id: z.string().min(1), description: z.string() })),
  /** @mcpgw/policy Policy documents, validated by the registry on write; the gateway compiles them. */
  policies: z.array(jsonObject.and(z.object({ id: z.string().min(1) }))),
  agents: z.array(
    z.object({
      id: z.string().min(1),
      status: z.enum(['active', 'revoked']),
      grantedScopes: z.array(z.string()),
      versionPins: z.record(z.string(), z.string()),
      environments: z.array(z.string()),
    }),
  ),
});

export type GatewaySnapshot = z.infer<typeof gatewaySnapshotSchema>;
export type SnapshotServer = z.infer<typeof snapshotServerSchema>;
export type SnapshotVersion = z.infer<typeof snapshotVersionSchema>;
export type SnapshotTool = z.infer<typeof snapshotToolSchema>;
export type SnapshotResource = z.infer<typeof snapshotResourceSchema>;
export type SnapshotResourceTemplate = z.infer<typeof snapshotResourceTemplateSchema>;
export type SnapshotPrompt = z.infer<typeof snapshotPromptSchema>;
export type SnapshotAgent = GatewaySnapshot['agents'][number];

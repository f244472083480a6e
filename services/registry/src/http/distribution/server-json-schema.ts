import { z } from 'zod';
import { DATA_CLASSIFICATIONS, RISK_LEVELS } from '../../domain/model/classification.js';
import { ENVIRONMENTS } from '../../domain/model/lifecycle.js';
import {
  SLUG_PATTERN,
  TAG_PATTERN,
  TEAM_PATTERN,
  VERSION_PATTERN,
} from '../../domain/servers/catalog-patterns.js';

const REMOTE_ONLY =
  'Only remote servers can be imported: `packages` (stdio, npm, PyPI, OCI…) run on the ' +
  'client machine and cannot be served through the gateway. Publish a `remotes` entry instead.';

const remoteUrl = z
  .string()
  .max(2048)
  .refine((value) => isHttpUrl(value), 'must be an absolute http(s) URL')
  .refine((value) => !value.includes('{'), 'URL templates with {variables} are not supported');

/** A server.json (MCP Registry schema 2025-09-29), held to what this registry can serve. */
export const serverJsonSchema = z.strictObject({
  $schema: z.string().max(500).optional(),
  name: z
    .string()
    .min(3)
    .max(200)
    .regex(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/, 'reverse-DNS name such as com.example/crm'),
  description: z.string().trim().min(1).max(100),
  title: z.string().trim().min(1).max(100).optional(),
  version: z.string().max(64).regex(VERSION_PATTERN, 'semantic version such as 1.2.0'),
  websiteUrl: remoteUrl.optional(),
  repository: z
    .strictObject({
      url: z.string().max(2048),
      source: z.string().max(64),
      id: z.string().max(200).optional(),
      subfolder: z.string().max(500).optional(),
    })
    .optional(),
  icons: z.array(z.record(z.string(), z.unknown())).max(10).optional(),
  packages: z.array(z.unknown()).max(0, REMOTE_ONLY).optional(),
  remotes: z
    .array(
      z.strictObject({
        type: z.enum(['streamable-http', 'sse']),
        url: remoteUrl,
        // Declared client headers are not imported: upstream credentials are credentialRefs.
        headers: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
      }),
    )
    .min(1, 'at least one remote (streamable-http or sse) is required')
    .max(10),
  _meta: z.record(z.string(), z.unknown()).optional(),
});
export type ServerJson = z.infer<typeof serverJsonSchema>;

/** server.json says what the server is; the catalog also needs who owns it and how risky it is. */
export const importServerBody = z.strictObject({
  server: serverJsonSchema,
  id: z.string().max(48).regex(SLUG_PATTERN, 'lowercase slug').optional(),
  ownerTeam: z.string().max(63).regex(TEAM_PATTERN, 'team name'),
  riskLevel: z.enum(RISK_LEVELS),
  dataClassification: z.enum(DATA_CLASSIFICATIONS),
  capability: z.string().max(48).regex(TAG_PATTERN, 'capability'),
  technicalOwner: z.string().trim().min(1).max(200).optional(),
  environments: z.array(z.enum(ENVIRONMENTS)).min(1).max(3).default(['dev']),
  tags: z.array(z.string().max(48).regex(TAG_PATTERN, 'tag')).max(20).default([]),
});
export type ImportServerBody = z.infer<typeof importServerBody>;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

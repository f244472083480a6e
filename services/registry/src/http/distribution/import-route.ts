import { z } from 'zod';
import type { Actor } from '../../domain/model/actor.js';
import type { RegistryContext } from '../../domain/registry-context.js';
import {
  registerServer,
  type CatalogDeps,
  type RegisterServerInput,
} from '../../domain/servers/register-server.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { importServerBody, type ImportServerBody } from './server-json-schema.js';

/**
 * Imports a server.json as a draft server + version through the same use case as
 * POST /v1/servers, so ownership, SSRF and slug rules are identical.
 */
export function importRoute(ctx: RegistryContext, deps: CatalogDeps): RouteDefinition {
  return defineRoute({
    method: 'POST',
    path: '/v1/servers/import',
    summary: 'Import an MCP Registry server.json (remotes only) as a draft server',
    tag: 'servers',
    body: importServerBody,
    responses: {
      201: {
        description: 'Imported as draft',
        schema: z.object({ server: z.unknown(), version: z.unknown() }),
      },
      400: { description: 'Invalid server.json, packages instead of remotes, SSRF_BLOCKED' },
      403: { description: 'Not an owner of the team' },
      409: { description: 'Slug already taken' },
    },
    handler: async ({ actor, body }) => ({
      status: 201,
      body: await registerServer(ctx, actor, toRegisterInput(body, actor), deps),
    }),
  });
}

export function toRegisterInput(body: ImportServerBody, actor: Actor): RegisterServerInput {
  const { server } = body;
  // Prefer streamable HTTP: SSE is the deprecated transport when a server offers both.
  const remote = server.remotes.find((r) => r.type === 'streamable-http') ?? server.remotes[0]!;
  return {
    slug: body.id ?? slugFromName(server.name),
    name: server.title ?? server.name,
    description: server.description,
    capability: body.capability,
    ownerTeam: body.ownerTeam,
    technicalOwner: body.technicalOwner ?? actor.subject,
    environments: body.environments,
    tags: body.tags,
    riskLevel: body.riskLevel,
    dataClassification: body.dataClassification,
    // Credentials are never taken from a document; an owner adds references after import.
    credentialRefs: [],
    version: { version: server.version, url: remote.url, transport: remote.type },
  };
}

/** `com.example/CRM_Server` → `crm-server`; registerServer rejects what still is no slug. */
export function slugFromName(name: string): string {
  const last = name.slice(name.lastIndexOf('/') + 1);
  return last
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 48);
}

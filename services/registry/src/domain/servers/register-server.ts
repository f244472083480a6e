import { assertUrlAllowed, type NetGuardPolicy } from '@mcpgw/net-guard';
import { appError } from '@mcpgw/errors';
import { hasRole, ownsTeam, type Actor } from '../model/actor.js';
import type { DataClassification, RiskLevel } from '../model/classification.js';
import type { Environment } from '../model/lifecycle.js';
import {
  DEFAULT_HEALTH_CHECK,
  type CredentialRef,
  type HealthCheckSettings,
  type Server,
} from '../model/server.js';
import type { ServerVersion } from '../model/server-version.js';
import type { RegistryContext } from '../registry-context.js';
import { newDraftVersion, type VersionInput } from '../versions/new-draft-version.js';
import { assertCredentialRefs } from './credential-ref-rules.js';
import { SLUG_PATTERN } from './catalog-patterns.js';

export interface ServerMetadataInput {
  readonly name: string;
  readonly description: string;
  readonly capability: string;
  readonly ownerTeam: string;
  readonly technicalOwner: string;
  readonly environments: readonly Environment[];
  readonly tags: readonly string[];
  readonly riskLevel: RiskLevel;
  readonly dataClassification: DataClassification;
  readonly credentialRefs: readonly CredentialRef[];
  readonly healthCheck?: HealthCheckSettings | undefined;
  readonly onBehalfOfAudience?: string | undefined;
}

export interface RegisterServerInput extends ServerMetadataInput {
  readonly slug: string;
  readonly version: VersionInput;
}

export interface CatalogDeps {
  /** Outbound policy for server URLs (SSRF guard); the allow-list names internal servers. */
  readonly netPolicy: NetGuardPolicy;
}

/** Creator must own the team it registers for, unless platform admin. */
export function assertMayOwn(actor: Actor, team: string): void {
  if (hasRole(actor, 'platform-admin') || ownsTeam(actor, team)) return;
  throw appError('FORBIDDEN', `You may only register servers for your own team (not ${team}).`);
}

/**
 * Registers a server with its first version, both in `draft`. Also used by the server.json
 * import, so every rule is checked here and not only in the HTTP schema.
 */
export async function registerServer(
  ctx: RegistryContext,
  actor: Actor,
  input: RegisterServerInput,
  deps: CatalogDeps,
): Promise<{ server: Server; version: ServerVersion }> {
  if (!SLUG_PATTERN.test(input.slug)) {
    throw appError('VALIDATION_FAILED', 'Invalid server slug.', { details: { field: 'slug' } });
  }
  assertMayOwn(actor, input.ownerTeam);
  assertCredentialRefs(input.credentialRefs);
  assertUrlAllowed(input.version.url, deps.netPolicy);

  const servers = ctx.store.collection<Server>('servers');
  const versions = ctx.store.collection<ServerVersion>('server_versions');
  if (await servers.get(input.slug)) {
    throw appError('CONFLICT', `A server with slug ${input.slug} already exists.`);
  }
  const now = ctx.clock.now().toISOString();
  const { slug, version: versionInput, healthCheck, onBehalfOfAudience, ...metadata } = input;
  const server = await servers.insert({
    ...metadata,
    id: slug,
    healthCheck: healthCheck ?? DEFAULT_HEALTH_CHECK,
    ...(onBehalfOfAudience === undefined ? {} : { onBehalfOfAudience }),
    createdBy: actor.subject,
    createdAt: now,
    updatedAt: now,
  });
  const version = await versions.insert(newDraftVersion(slug, versionInput, actor, now));
  await ctx.audit.record({
    action: 'server.create',
    actor,
    target: { serverId: slug, versionId: version.id },
    outcome: 'success',
    details: { ownerTeam: server.ownerTeam, version: version.version },
  });
  ctx.changes.notify('servers');
  ctx.changes.notify('server_versions');
  return { server, version };
}

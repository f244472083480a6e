import type { NetGuardPolicy } from '@mcpgw/net-guard';
import type { Actor } from '../model/actor.js';
import type { Server } from '../model/server.js';
import type { Definition, ServerVersion } from '../model/server-version.js';
import type { Scope } from '../model/scope.js';
import type { VersionDiscovery } from '../ports/version-discovery.js';
import type { RegistryContext } from '../registry-context.js';
import { transitionVersion } from '../lifecycle/transition-version.js';
import { createScope } from '../scopes/create-scope.js';
import { registerServer } from '../servers/register-server.js';
import { acceptFindings } from '../versions/accept-findings.js';
import { definitionKey } from '../versions/definition-key.js';
import { setDefinitionScopes } from '../versions/set-definition-scopes.js';

export const SAMPLE_SERVER_ID = 'acme-crm';

/** Two distinct system identities, so the seed follows the same no-self-approval rule as people. */
const OWNER: Actor = {
  subject: 'dev-seed-owner',
  roles: ['server-owner'],
  teams: ['samples'],
  scopes: [],
  groups: [],
};
const REVIEWER: Actor = {
  subject: 'dev-seed-reviewer',
  roles: ['security-reviewer'],
  teams: [],
  scopes: [],
  groups: [],
};

export const SAMPLE_SCOPES = [
  { id: 'crm.read', description: 'Read CRM contacts, notes and pipeline.' },
  { id: 'crm.write', description: 'Create and change CRM records.' },
  { id: 'crm.admin', description: 'Destructive CRM operations such as deleting contacts.' },
] as const;

/** Read-only tools need crm.read, destructive ones crm.admin, other writes crm.write. */
function scopeFor(def: Definition): string {
  if (def.kind !== 'tool') return 'crm.read';
  const annotations = (def.body['annotations'] ?? {}) as Record<string, unknown>;
  if (annotations['readOnlyHint'] === true) return 'crm.read';
  if (annotations['destructiveHint'] === false) return 'crm.write';
  return 'crm.admin';
}

async function ensureScopes(ctx: RegistryContext): Promise<void> {
  const scopes = ctx.store.collection<Scope>('scopes');
  for (const scope of SAMPLE_SCOPES) {
    if (!(await scopes.get(scope.id))) await createScope(ctx, REVIEWER, scope);
  }
}

/**
 * `make dev` only: registers the sample MCP server and takes it through the real lifecycle —
 * discovery over MCP, review, scopes, approval for dev and prod — so a newcomer finds an
 * approved server in the registry. Idempotent: an existing sample server is left alone.
 */
export async function seedSampleServer(
  ctx: RegistryContext,
  deps: { url: string; netPolicy: NetGuardPolicy; discovery: VersionDiscovery },
): Promise<ServerVersion | undefined> {
  if (await ctx.store.collection<Server>('servers').get(SAMPLE_SERVER_ID)) return undefined;
  await ensureScopes(ctx);
  await registerServer(
    ctx,
    OWNER,
    {
      slug: SAMPLE_SERVER_ID,
      name: 'Acme CRM (sample)',
      description: 'Sample CRM MCP server for local development: contacts, notes and pipeline.',
      capability: 'crm',
      ownerTeam: 'samples',
      technicalOwner: 'dev@example.com',
      environments: ['dev', 'staging', 'prod'],
      tags: ['sample', 'crm'],
      riskLevel: 'medium',
      dataClassification: 'internal',
      credentialRefs: [],
      version: { version: '1.0.0', url: deps.url, transport: 'streamable-http' },
    },
    { netPolicy: deps.netPolicy },
  );
  const ref = { serverId: SAMPLE_SERVER_ID, version: '1.0.0' };
  const reason = 'Seeded for local development (make dev).';
  const submitted = await transitionVersion(ctx, OWNER, ref, { action: 'submit', reason }, deps);
  if (!submitted.discovery?.ok) {
    throw new Error(`sample server discovery failed: ${submitted.discovery?.error ?? 'unknown'}`);
  }
  const reviewing = await transitionVersion(
    ctx,
    REVIEWER,
    ref,
    { action: 'start_review', reason },
    deps,
  );
  const scopes = Object.fromEntries(
    reviewing.definitions.map((d) => [definitionKey(d), [scopeFor(d)]]),
  );
  const scoped = await setDefinitionScopes(ctx, REVIEWER, ref, { scopes, rev: reviewing.rev });
  if (scoped.definitions.some((d) => d.findings.length > 0)) {
    await acceptFindings(ctx, REVIEWER, ref, { reason });
  }
  await transitionVersion(ctx, REVIEWER, ref, { action: 'approve_dev', reason }, deps);
  return transitionVersion(ctx, REVIEWER, ref, { action: 'approve_prod', reason }, deps);
}

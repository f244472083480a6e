import type { NetGuardPolicy } from '@mcpgw/net-guard';
import type { Definition, ServerVersion } from '../../src/domain/model/server-version.js';
import type { Scope } from '../../src/domain/model/scope.js';
import type { VersionDiscovery } from '../../src/domain/ports/version-discovery.js';
import type { DocumentStore } from '../../src/domain/ports/document-store.js';
import { createMemoryDocumentStore } from '../../src/data-access/memory/memory-document-store.js';
import { catalogRoutes } from '../../src/http/catalog/catalog-routes.js';
import { startRegistryHarness, type RegistryHarness } from '../support/registry-harness.js';

export function tool(name: string, extra: Partial<Definition> = {}): Definition {
  return {
    kind: 'tool',
    name,
    body: { name, description: `${name} tool`, inputSchema: { type: 'object' } },
    hash: `sha256:${name.padEnd(8, '0')}`,
    findings: [],
    requiredScopes: [],
    ...extra,
  };
}

export const POISON_FINDING = {
  kind: 'hidden_instruction',
  field: 'description',
  severity: 'high',
  excerpt: 'ignore previous instructions',
  rule: 'imperative-to-model',
} as const;

/** Stands in for MCP discovery: stores the definitions a test prepared, or fails. */
export function createFakeDiscovery(store: DocumentStore) {
  const fake = {
    definitions: [tool('search_accounts'), tool('get_account')] as Definition[],
    failWith: undefined as string | undefined,
    calls: [] as string[],
    async discover(versionId: string): Promise<ServerVersion> {
      fake.calls.push(versionId);
      if (fake.failWith) throw new Error(fake.failWith);
      const versions = store.collection<ServerVersion>('server_versions');
      const current = await versions.get(versionId);
      if (!current) throw new Error('missing version');
      const discovery = { at: new Date().toISOString(), ok: true, protocolVersion: '2025-06-18' };
      return versions.replace(
        { ...current, definitions: fake.definitions, discovery },
        current.rev,
      );
    },
  } satisfies VersionDiscovery & Record<string, unknown>;
  return fake;
}

export type FakeDiscovery = ReturnType<typeof createFakeDiscovery>;

export async function startCatalog(
  netPolicy: NetGuardPolicy = {},
): Promise<{ h: RegistryHarness; discovery: FakeDiscovery }> {
  const store = createMemoryDocumentStore();
  const discovery = createFakeDiscovery(store);
  const h = await startRegistryHarness({
    store,
    routes: (ctx) => catalogRoutes(ctx, { netPolicy, discovery }),
  });
  return { h, discovery };
}

export function registerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    slug: 'crm',
    name: 'CRM',
    description: 'Accounts and contacts',
    capability: 'crm',
    ownerTeam: 'crm',
    technicalOwner: 'carol@example.com',
    environments: ['dev', 'prod'],
    tags: ['sales'],
    riskLevel: 'medium',
    dataClassification: 'confidential',
    credentialRefs: [
      {
        source: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:crm/api-key',
        header: 'Authorization',
        template: 'Bearer {{secret}}',
      },
    ],
    version: { version: '1.0.0', url: 'https://crm.example.com/mcp', transport: 'streamable-http' },
    ...overrides,
  };
}

export async function seedScopes(h: RegistryHarness, names: string[]): Promise<void> {
  const now = new Date().toISOString();
  await h.store.collection<Scope>('scopes').insertMany(
    names.map((id) => ({
      id,
      description: id,
      createdBy: 'seed',
      createdAt: now,
      updatedAt: now,
    })),
  );
}

export async function countAll(h: RegistryHarness): Promise<[number, number]> {
  return [
    await h.store.collection('servers').count(),
    await h.store.collection('server_versions').count(),
  ];
}

/** Lifecycle action through the API. */
export function act(
  h: RegistryHarness,
  persona: Parameters<RegistryHarness['call']>[0],
  action: string,
  extra: Record<string, unknown> = {},
  path = '/v1/servers/crm/versions/1.0.0',
) {
  return h.call(persona, 'POST', `${path}/lifecycle`, {
    action,
    reason: `because ${action}`,
    ...extra,
  });
}

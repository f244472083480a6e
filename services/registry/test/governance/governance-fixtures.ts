import type { AuditEvent } from '../../src/domain/model/audit-event.js';
import type { Server } from '../../src/domain/model/server.js';
import type { Definition, ServerVersion } from '../../src/domain/model/server-version.js';
import type { DocumentStore } from '../../src/domain/ports/document-store.js';
import { governanceRoutes } from '../../src/http/governance/governance-routes.js';
import { startRegistryHarness, type RegistryHarness } from '../support/registry-harness.js';
import type { Clock } from '../../src/domain/ports/clock.js';

export function startGovernance(clock?: Clock): Promise<RegistryHarness> {
  return startRegistryHarness({
    routes: (ctx) => governanceRoutes(ctx),
    ...(clock === undefined ? {} : { clock }),
  });
}

export async function auditActions(store: DocumentStore): Promise<string[]> {
  const events = await store
    .collection<AuditEvent>('audit_events')
    .find({}, { sort: { field: 'seq', direction: 1 } });
  return events.map((e) => e.action);
}

export function tool(name: string, requiredScopes: string[], annotations = {}): Definition {
  return {
    kind: 'tool',
    name,
    body: { name, inputSchema: { type: 'object' }, annotations },
    hash: `sha256:${'a'.repeat(64)}`,
    pinnedHash: `sha256:${'a'.repeat(64)}`,
    findings: [],
    requiredScopes,
  };
}

/** An approved CRM server written straight into the store (the catalog is not under test). */
export async function seedApprovedServer(
  store: DocumentStore,
  definitions: Definition[],
  version = '1.0.0',
  status: ServerVersion['status'] = 'approved_prod',
): Promise<void> {
  const at = '2026-01-01T00:00:00.000Z';
  const servers = store.collection<Server>('servers');
  if (!(await servers.get('crm'))) {
    await servers.insert({
      id: 'crm',
      name: 'CRM',
      description: 'Customers',
      capability: 'crm',
      ownerTeam: 'crm',
      technicalOwner: 'carol',
      environments: ['dev', 'prod'],
      tags: [],
      riskLevel: 'high',
      dataClassification: 'confidential',
      credentialRefs: [],
      healthCheck: { intervalSeconds: 60, timeoutMs: 5000, failureThreshold: 3 },
      createdBy: 'u-crm',
      createdAt: at,
      updatedAt: at,
    });
  }
  await store.collection<ServerVersion>('server_versions').insert({
    id: `crm@${version}`,
    serverId: 'crm',
    version,
    url: 'https://crm.example.com/mcp',
    transport: 'streamable-http',
    status,
    approvedFor: ['dev', 'prod'],
    history: [],
    definitions,
    createdBy: 'u-crm',
    createdAt: at,
    updatedAt: at,
  });
}

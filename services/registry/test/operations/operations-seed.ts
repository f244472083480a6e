import type { NetGuardPolicy } from '@mcpgw/net-guard';
import type { AuditEvent } from '../../src/domain/model/audit-event.js';
import type { Server } from '../../src/domain/model/server.js';
import type { ServerVersion } from '../../src/domain/model/server-version.js';
import type { DocumentStore } from '../../src/domain/ports/document-store.js';

/** Loopback is private: tests exempt exactly 127.0.0.1, as an operator would an internal range. */
export const LOOPBACK_POLICY: NetGuardPolicy = { allowPrivateNetworks: ['127.0.0.1/32'] };

export async function seedServer(
  store: DocumentStore,
  overrides: Partial<Omit<Server, 'rev'>> = {},
): Promise<Server> {
  const at = new Date().toISOString();
  return store.collection<Server>('servers').insert({
    id: 'crm',
    name: 'CRM',
    description: 'Contacts',
    capability: 'crm',
    ownerTeam: 'crm',
    technicalOwner: 'carol@example.com',
    environments: ['dev'],
    tags: [],
    riskLevel: 'low',
    dataClassification: 'internal',
    credentialRefs: [],
    healthCheck: { intervalSeconds: 60, timeoutMs: 2_000, failureThreshold: 3 },
    createdBy: 'u-crm',
    createdAt: at,
    updatedAt: at,
    ...overrides,
  });
}

export async function seedVersion(
  store: DocumentStore,
  input: { serverId?: string; version?: string; url: string } & Partial<Omit<ServerVersion, 'rev'>>,
): Promise<ServerVersion> {
  const at = new Date().toISOString();
  const serverId = input.serverId ?? 'crm';
  const version = input.version ?? '1.0.0';
  return store.collection<ServerVersion>('server_versions').insert({
    id: `${serverId}@${version}`,
    transport: 'streamable-http',
    status: 'submitted',
    approvedFor: [],
    history: [],
    definitions: [],
    createdBy: 'u-crm',
    createdAt: at,
    updatedAt: at,
    ...input,
    serverId,
    version,
  });
}

/** What an approval does to the stored version: pin every current hash. */
export async function markApproved(
  store: DocumentStore,
  versionId: string,
): Promise<ServerVersion> {
  const versions = store.collection<ServerVersion>('server_versions');
  const current = await versions.get(versionId);
  if (!current) throw new Error(`no version ${versionId}`);
  return versions.replace(
    {
      ...current,
      status: 'approved_dev',
      approvedFor: ['dev'],
      definitions: current.definitions.map((d) => ({ ...d, pinnedHash: d.hash })),
    },
    current.rev,
  );
}

export async function auditActions(store: DocumentStore): Promise<AuditEvent[]> {
  return store
    .collection<AuditEvent>('audit_events')
    .find({}, { sort: { field: 'seq', direction: 1 } });
}

export async function storedVersion(store: DocumentStore, id: string): Promise<ServerVersion> {
  const found = await store.collection<ServerVersion>('server_versions').get(id);
  if (!found) throw new Error(`no version ${id}`);
  return found;
}

import { describe, expect, it } from 'vitest';
import { gatewaySnapshotSchema, snapshotEtag, type GatewaySnapshot } from '@mcpgw/snapshot';

function sampleSnapshot(overrides: Partial<GatewaySnapshot> = {}): GatewaySnapshot {
  return {
    schemaVersion: 1,
    environment: 'prod',
    generatedAt: '2030-01-01T00:00:00.000Z',
    servers: [
      {
        id: 'crm',
        name: 'CRM',
        description: 'Accounts',
        riskLevel: 'medium',
        dataClassification: 'confidential',
        credentialRefs: [{ source: 'env:CRM_KEY', header: 'X-Api-Key', template: '{{secret}}' }],
        health: { status: 'healthy', lastCheckedAt: '2030-01-01T00:00:00.000Z' },
        defaultVersion: '1.0.0',
        versions: [
          {
            version: '1.0.0',
            url: 'https://crm.internal.example/mcp',
            transport: 'streamable-http',
            status: 'approved_prod',
            tools: [
              {
                name: 'get_account',
                inputSchema: { type: 'object' },
                pinnedHash: 'sha256:abc',
                requiredScopes: ['crm.read'],
              },
            ],
            resources: [],
            resourceTemplates: [],
            prompts: [],
          },
        ],
      },
    ],
    scopes: [{ id: 'crm.read', description: 'Read CRM' }],
    policies: [{ id: 'p1', effect: 'deny', subjects: {}, actions: ['*'], targets: ['crm/*'] }],
    agents: [
      {
        id: 'agent-1',
        status: 'active',
        grantedScopes: ['crm.read'],
        versionPins: {},
        environments: ['prod'],
      },
    ],
    ...overrides,
  };
}

describe('gatewaySnapshotSchema', () => {
  it('when given a complete snapshot, then accepts it unchanged', () => {
    const snapshot = sampleSnapshot();
    expect(gatewaySnapshotSchema.parse(snapshot)).toEqual(snapshot);
  });

  it('when the schema version is not 1, then rejects it', () => {
    const result = gatewaySnapshotSchema.safeParse({ ...sampleSnapshot(), schemaVersion: 2 });
    expect(result.success).toBe(false);
  });

  it('when a tool has no pinned hash, then rejects it', () => {
    const snapshot = sampleSnapshot();
    const tool = snapshot.servers[0]!.versions[0]!.tools[0]!;
    const { pinnedHash: _drop, ...unpinned } = tool;
    snapshot.servers[0]!.versions[0]!.tools = [unpinned as typeof tool];
    expect(gatewaySnapshotSchema.safeParse(snapshot).success).toBe(false);
  });

  it('when a version URL is not http(s), then rejects it', () => {
    const snapshot = sampleSnapshot();
    snapshot.servers[0]!.versions[0]!.url = 'file:///etc/passwd';
    expect(gatewaySnapshotSchema.safeParse(snapshot).success).toBe(false);
  });

  it('when a server serves a retired status, then rejects it', () => {
    const snapshot = sampleSnapshot();
    (snapshot.servers[0]!.versions[0] as { status: string }).status = 'retired';
    expect(gatewaySnapshotSchema.safeParse(snapshot).success).toBe(false);
  });
});

describe('snapshotEtag', () => {
  it('when only generatedAt differs, then the ETag is the same', () => {
    const later = sampleSnapshot({ generatedAt: '2031-06-01T00:00:00.000Z' });
    expect(snapshotEtag(later)).toBe(snapshotEtag(sampleSnapshot()));
  });

  it('when content changes, then the ETag changes', () => {
    const changed = sampleSnapshot({ scopes: [{ id: 'crm.write', description: 'Write CRM' }] });
    expect(snapshotEtag(changed)).not.toBe(snapshotEtag(sampleSnapshot()));
  });

  it('when computed, then it is a quoted strong sha256 ETag', () => {
    expect(snapshotEtag(sampleSnapshot())).toMatch(/^"sha256-[0-9a-f]{64}"$/);
  });
});

describe('serializeSnapshot', () => {
  it('when serialized, then the JSON parses back to the same snapshot and carries its ETag', async () => {
    const { serializeSnapshot } = await import('@mcpgw/snapshot');
    const snapshot = sampleSnapshot();

    const { json, etag } = serializeSnapshot(snapshot);

    expect(JSON.parse(json)).toEqual(snapshot);
    expect(etag).toBe(snapshotEtag(snapshot));
  });
});

import type { GatewaySnapshot, SnapshotTool, SnapshotVersion } from '@mcpgw/snapshot';

/** A hand-made snapshot: `crm` with versions 1.0.0 (default) and 2.0.0, and `erp`. */
export function tool(name: string, extra: Partial<SnapshotTool> = {}): SnapshotTool {
  return {
    name,
    description: `${name} tool`,
    inputSchema: {
      type: 'object',
      properties: { id: { type: 'string', minLength: 1 } },
      required: ['id'],
      additionalProperties: false,
    },
    pinnedHash: `sha256-${name}`,
    requiredScopes: ['crm.read'],
    ...extra,
  };
}

export function version(v: string, tools: SnapshotTool[]): SnapshotVersion {
  return {
    version: v,
    url: `https://${v.replace(/\./g, '-')}.crm.example/mcp`,
    transport: 'streamable-http',
    status: 'approved_dev',
    tools,
    resources: [
      {
        uri: 'crm://contacts/readme',
        name: 'readme',
        pinnedHash: 'r1',
        requiredScopes: ['crm.read'],
      },
    ],
    resourceTemplates: [
      {
        uriTemplate: 'crm://contacts/{id}',
        name: 'contact',
        pinnedHash: 't1',
        requiredScopes: ['crm.read'],
      },
    ],
    prompts: [{ name: 'summarize', pinnedHash: 'p1', requiredScopes: ['crm.read'] }],
  };
}

export function buildServingSnapshot(overrides: Partial<GatewaySnapshot> = {}): GatewaySnapshot {
  return {
    schemaVersion: 1,
    environment: 'dev',
    generatedAt: '2026-03-01T10:00:00.000Z',
    servers: [
      {
        id: 'crm',
        name: 'CRM',
        description: 'crm',
        riskLevel: 'medium',
        dataClassification: 'confidential',
        credentialRefs: [
          {
            source: 'arn:aws:secretsmanager:eu-west-1:1:secret:crm',
            header: 'Authorization',
            template: 'Bearer {{secret}}',
          },
        ],
        health: { status: 'healthy' },
        defaultVersion: '1.0.0',
        versions: [
          version('1.0.0', [
            tool('get_contact', { annotations: { readOnlyHint: true } }),
            tool('update_contact', { requiredScopes: ['crm.read', 'crm.contact.update'] }),
          ]),
          // 2.0.0: `update_contact` drifted after approval, so the registry withheld it.
          version('2.0.0', [tool('get_contact'), tool('merge_contacts')]),
        ],
      },
      {
        id: 'erp',
        name: 'ERP',
        description: 'erp',
        riskLevel: 'low',
        dataClassification: 'internal',
        credentialRefs: [],
        health: { status: 'healthy' },
        defaultVersion: '3.1.0',
        versions: [
          version('3.1.0', [
            tool('get_contact'),
            // Not a valid JSON Schema: `type` must be a string or an array of strings.
            tool('broken_schema', {
              inputSchema: { type: 42 } as unknown as Record<string, unknown>,
            }),
          ]),
        ],
      },
    ],
    scopes: [
      { id: 'crm.read', description: 'read' },
      { id: 'crm.contact.update', description: 'update' },
    ],
    policies: [],
    agents: [
      {
        id: 'pinned-agent',
        status: 'active',
        grantedScopes: [],
        versionPins: { crm: '2.0.0' },
        environments: ['dev'],
      },
      {
        id: 'stale-pin-agent',
        status: 'active',
        grantedScopes: [],
        versionPins: { crm: '0.9.0' },
        environments: ['dev'],
      },
      {
        id: 'revoked-agent',
        status: 'revoked',
        grantedScopes: [],
        versionPins: {},
        environments: ['dev'],
      },
    ],
    ...overrides,
  };
}

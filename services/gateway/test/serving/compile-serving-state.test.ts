import { describe, expect, it } from 'vitest';
import { resolveToolForCall } from '../../src/domain/authz/resolve-tool.js';
import type { RequestScope } from '../../src/domain/mcp/request-scope.js';
import { exposedName, parseExposedName } from '../../src/domain/mcp/name-mapping.js';
import { compileServingState } from '../../src/domain/serving/compile-serving-state.js';
import { resolveVersion, serversInScope } from '../../src/domain/serving/resolve-version.js';
import type { ServingState } from '../../src/domain/serving/serving-types.js';
import { buildServingSnapshot, tool, version } from './snapshot-fixture.js';

function scopeFor(
  state: ServingState,
  agentId: string,
  serverFilter: string | undefined,
  scopes: string[] = ['crm.read', 'crm.contact.update'],
): RequestScope {
  return {
    principal: { subject: agentId, clientId: agentId, groups: [], scopes },
    agentId,
    serverFilter,
    state,
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    now: new Date('2026-03-01T10:00:00.000Z'),
    record: {},
  };
}

const compile = (snapshot = buildServingSnapshot()) =>
  compileServingState(snapshot, { environment: 'dev' });

describe('compileServingState', () => {
  it('when compiled, then every server, version and item is indexed by id and original name', () => {
    const state = compile();
    expect([...state.servers.keys()]).toEqual(['crm', 'erp']);
    const crm = state.servers.get('crm')!;
    expect(crm.defaultVersion).toBe('1.0.0');
    expect([...crm.versions.keys()]).toEqual(['1.0.0', '2.0.0']);
    const v1 = crm.versions.get('1.0.0')!;
    expect([...v1.tools.keys()]).toEqual(['get_contact', 'update_contact']);
    expect([...v1.resources.keys()]).toEqual(['crm://contacts/readme']);
    expect(v1.resourceTemplates.map((t) => t.name)).toEqual(['crm://contacts/{id}']);
    expect([...v1.prompts.keys()]).toEqual(['summarize']);
    expect(state.scopesSupported).toEqual(['crm.read', 'crm.contact.update']);
  });

  it('when compiled, then what agents see excludes the gateway fields (pinned hash, scopes)', () => {
    const item = compile().servers.get('crm')!.versions.get('1.0.0')!.tools.get('get_contact')!;
    expect(item.definition).toEqual({
      name: 'get_contact',
      description: 'get_contact tool',
      inputSchema: expect.any(Object),
      annotations: { readOnlyHint: true },
    });
    expect(item.pinnedHash).toBe('sha256-get_contact');
    expect(item.requiredScopes).toEqual(['crm.read']);
    expect(item.policyTarget).toMatchObject({
      server: 'crm',
      name: 'get_contact',
      riskLevel: 'medium',
      dataClassification: 'confidential',
      annotations: { readOnlyHint: true },
    });
  });

  it('when compiled, then each version routes to its own URL with the server credential references', () => {
    const crm = compile().servers.get('crm')!;
    const v2 = crm.versions.get('2.0.0')!;
    expect(v2.route).toMatchObject({
      serverId: 'crm',
      version: '2.0.0',
      url: 'https://2-0-0.crm.example/mcp',
      transport: 'streamable-http',
    });
    expect(v2.route.credentialRefs.map((r) => r.source)).toEqual([
      'arn:aws:secretsmanager:eu-west-1:1:secret:crm',
    ]);
    expect(v2.tools.get('get_contact')!.route).toBe(v2.route);
  });

  it('when compiled, then the state is frozen so a request cannot alter it', () => {
    const state = compile();
    const item = state.servers.get('crm')!.versions.get('1.0.0')!.tools.get('get_contact')!;
    expect(Object.isFrozen(state)).toBe(true);
    expect(Object.isFrozen(item)).toBe(true);
    expect(Object.isFrozen(item.definition)).toBe(true);
    expect(Object.isFrozen(item.route.credentialRefs)).toBe(true);
  });

  it('when a tool is called with arguments matching its pinned schema, then it validates', () => {
    const tool = compile().servers.get('crm')!.versions.get('1.0.0')!.tools.get('get_contact')!;
    expect(tool.validate({ id: 'c-1' })).toEqual({ ok: true, errors: [] });
    const bad = tool.validate({ id: '', extra: true });
    expect(bad.ok).toBe(false);
    expect(bad.errors).toEqual(
      expect.arrayContaining([
        '/id must NOT have fewer than 1 characters',
        '(root) must NOT have additional properties',
      ]),
    );
  });

  it.each([{}, { id: 'x' }, { anything: 1 }])(
    'when a pinned schema does not compile, then every call %j to that tool is rejected',
    (args) => {
      const broken = compile()
        .servers.get('erp')!
        .versions.get('3.1.0')!
        .tools.get('broken_schema')!;
      expect(broken.validate(args)).toEqual({
        ok: false,
        errors: ['the pinned input schema cannot be compiled'],
      });
    },
  );

  it('when one schema does not compile, then the other tools of the snapshot still serve', () => {
    const erp = compile().servers.get('erp')!.versions.get('3.1.0')!;
    expect(erp.tools.get('get_contact')!.validate({ id: 'x' }).ok).toBe(true);
  });

  it('when a policy does not compile, then the snapshot is rejected (the client keeps the last one)', () => {
    const snapshot = buildServingSnapshot({
      policies: [{ id: 'p1', effect: 'sometimes' } as unknown as { id: string }],
    });
    expect(() => compile(snapshot)).toThrow();
  });

  it('when two servers expose the same tool name, then each keeps its own entry (never shadowed)', () => {
    const state = compile();
    const crm = state.servers.get('crm')!.versions.get('1.0.0')!.tools.get('get_contact')!;
    const erp = state.servers.get('erp')!.versions.get('3.1.0')!.tools.get('get_contact')!;
    expect(crm.serverId).toBe('crm');
    expect(erp.serverId).toBe('erp');
    expect(crm.route.url).not.toBe(erp.route.url);
  });
});

describe('aggregated tool names', () => {
  it('when listed on /mcp, then a tool is named <server>__<tool> and maps back to its server', () => {
    expect(exposedName(undefined, 'crm', 'get_contact')).toBe('crm__get_contact');
    expect(parseExposedName(undefined, 'crm__get_contact')).toEqual({
      serverId: 'crm',
      name: 'get_contact',
    });
  });

  it('when listed on /mcp/<server>, then the original name is used', () => {
    expect(exposedName('crm', 'crm', 'get_contact')).toBe('get_contact');
    expect(parseExposedName('crm', 'get_contact')).toEqual({
      serverId: 'crm',
      name: 'get_contact',
    });
  });

  it('when the tool name itself contains __, then the first separator splits server from tool', () => {
    expect(parseExposedName(undefined, exposedName(undefined, 'crm', 'a__b'))).toEqual({
      serverId: 'crm',
      name: 'a__b',
    });
  });

  it.each(['get_contact', '__get_contact', ''])(
    'when %j has no server prefix on /mcp, then it names no tool',
    (name) => {
      expect(parseExposedName(undefined, name)).toBeUndefined();
    },
  );

  it('when crm__get_contact and erp__get_contact are called, then each resolves to its own server', () => {
    const state = compile();
    const crm = resolveToolForCall(scopeFor(state, 'agent-a', undefined), 'crm__get_contact');
    const erp = resolveToolForCall(scopeFor(state, 'agent-a', undefined), 'erp__get_contact');
    expect(crm.kind === 'callable' && crm.tool.route.serverId).toBe('crm');
    expect(erp.kind === 'callable' && erp.tool.route.serverId).toBe('erp');
  });
});

describe('resolveVersion', () => {
  it('when the agent has no pin, then it gets the default version', () => {
    const state = compile();
    expect(resolveVersion(state, state.servers.get('crm')!, 'agent-a')?.version).toBe('1.0.0');
  });

  it('when the agent pins a served version, then it gets that version', () => {
    const state = compile();
    expect(resolveVersion(state, state.servers.get('crm')!, 'pinned-agent')?.version).toBe('2.0.0');
  });

  it('when the pin names a version the snapshot no longer serves, then the default is used', () => {
    const state = compile();
    expect(resolveVersion(state, state.servers.get('crm')!, 'stale-pin-agent')?.version).toBe(
      '1.0.0',
    );
  });

  it('when the pin is for another server, then this server uses its default', () => {
    const state = compile();
    expect(resolveVersion(state, state.servers.get('erp')!, 'pinned-agent')?.version).toBe('3.1.0');
  });

  it('when the pinned version withholds a drifted tool, then that tool is absent for the pinned agent only', () => {
    const state = compile();
    const pinned = resolveToolForCall(scopeFor(state, 'pinned-agent', 'crm'), 'update_contact');
    const unpinned = resolveToolForCall(scopeFor(state, 'agent-a', 'crm'), 'update_contact');
    expect(pinned).toEqual({ kind: 'hidden' });
    expect(unpinned.kind).toBe('callable');
  });

  it('when a tool exists only in the pinned version, then only the pinned agent can reach it', () => {
    const state = compile();
    expect(resolveToolForCall(scopeFor(state, 'pinned-agent', 'crm'), 'merge_contacts').kind).toBe(
      'callable',
    );
    expect(resolveToolForCall(scopeFor(state, 'agent-a', 'crm'), 'merge_contacts')).toEqual({
      kind: 'hidden',
    });
  });

  it('when a tool was withheld from the snapshot (drift), then it is absent from the serving state entirely', () => {
    const snapshot = buildServingSnapshot();
    snapshot.servers[0]!.versions = [version('1.0.0', [tool('get_contact')])];
    const state = compile(snapshot);
    expect(state.servers.get('crm')!.versions.get('1.0.0')!.tools.has('update_contact')).toBe(
      false,
    );
    expect(
      resolveToolForCall(scopeFor(state, 'agent-a', undefined), 'crm__update_contact'),
    ).toEqual({
      kind: 'hidden',
    });
  });

  it('when the default version is missing from the versions, then no version resolves (nothing served)', () => {
    const snapshot = buildServingSnapshot();
    snapshot.servers[0]!.defaultVersion = '9.9.9';
    const state = compile(snapshot);
    expect(resolveVersion(state, state.servers.get('crm')!, 'agent-a')).toBeUndefined();
    expect(resolveToolForCall(scopeFor(state, 'agent-a', 'crm'), 'get_contact')).toEqual({
      kind: 'hidden',
    });
  });
});

describe('serversInScope', () => {
  it('when the route is /mcp, then every server is in scope', () => {
    expect(serversInScope(compile(), undefined).map((s) => s.id)).toEqual(['crm', 'erp']);
  });

  it.each([
    ['crm', ['crm']],
    ['unknown', []],
  ])('when the route is /mcp/%s, then only that server is in scope', (id, expected) => {
    expect(serversInScope(compile(), id).map((s) => s.id)).toEqual(expected);
  });
});

describe('revoked agents in the serving state', () => {
  it('when an agent is revoked in the snapshot, then the compiled state carries its status for authentication to refuse it', () => {
    const state = compile();
    expect(state.agents.get('revoked-agent')?.status).toBe('revoked');
    expect(state.agents.get('pinned-agent')?.status).toBe('active');
  });
});

describe('resolveToolForCall scopes', () => {
  it('when the principal holds none of the scopes, then the tool is hidden like an unknown one', () => {
    const state = compile();
    expect(resolveToolForCall(scopeFor(state, 'agent-a', 'crm', []), 'get_contact')).toEqual({
      kind: 'hidden',
    });
  });

  it('when the principal holds some but not all scopes, then insufficient_scope names the missing ones', () => {
    const state = compile();
    const result = resolveToolForCall(
      scopeFor(state, 'agent-a', 'crm', ['crm.read']),
      'update_contact',
    );
    expect(result).toMatchObject({
      kind: 'insufficient_scope',
      missingScopes: ['crm.contact.update'],
    });
  });

  it('when a deny policy targets the tool, then it is hidden even with every scope', () => {
    const snapshot = buildServingSnapshot({
      policies: [
        {
          id: 'deny-update',
          effect: 'deny',
          subjects: { clients: ['agent-a'] },
          actions: ['tools/list', 'tools/call'],
          targets: ['crm/update_contact'],
        },
      ],
    });
    const state = compile(snapshot);
    expect(resolveToolForCall(scopeFor(state, 'agent-a', 'crm'), 'update_contact')).toEqual({
      kind: 'hidden',
    });
    expect(resolveToolForCall(scopeFor(state, 'agent-b', 'crm'), 'update_contact').kind).toBe(
      'callable',
    );
  });
});

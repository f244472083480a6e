import { afterEach, describe, expect, it } from 'vitest';
import { definitionHash } from '@mcpgw/definitions';
import {
  POISONED_TOOL,
  SAMPLE_PROMPTS,
  SAMPLE_RESOURCES,
  SAMPLE_RESOURCE_TEMPLATES,
  SAMPLE_TOOLS,
  startFixtureServer,
  type FixtureEra,
  type FixtureServer,
} from '@mcpgw/mcp';
import { createVersionDiscovery } from '../../src/domain/discovery/create-version-discovery.js';
import { actorFromRoles } from '../../src/domain/model/actor.js';
import { createOperationsContext } from './operations-context.js';
import {
  LOOPBACK_POLICY,
  auditActions,
  seedServer,
  seedVersion,
  storedVersion,
} from './operations-seed.js';

const reviewer = actorFromRoles({
  subject: 'u-rev',
  roles: ['security-reviewer'],
  scopes: [],
  groups: [],
});

describe('createVersionDiscovery', () => {
  const fixtures: FixtureServer[] = [];
  afterEach(async () => {
    await Promise.all(fixtures.splice(0).map((f) => f.close()));
  });

  async function fixture(era: FixtureEra, tools = [...SAMPLE_TOOLS, POISONED_TOOL]) {
    const server = await startFixtureServer({
      era,
      tools,
      resources: SAMPLE_RESOURCES,
      resourceTemplates: SAMPLE_RESOURCE_TEMPLATES,
      prompts: SAMPLE_PROMPTS,
      pageSize: 2,
    });
    fixtures.push(server);
    return server;
  }

  it.each([
    ['stateless', 'streamable-http', 'stateless-2026-07-28'],
    ['session', 'streamable-http', 'session-'],
    ['legacy-sse', 'sse', 'legacy-sse-2024-11-05'],
  ] as const)(
    'when a %s upstream lists everything across pages, then every definition is stored with its hash',
    async (era, transport, expectedEra) => {
      const { ctx, notified } = createOperationsContext();
      const upstream = await fixture(era);
      await seedServer(ctx.store);
      await seedVersion(ctx.store, { url: upstream.url, transport });
      const discovery = createVersionDiscovery(ctx, {
        netGuard: LOOPBACK_POLICY,
        timeoutMs: 10_000,
      });

      const version = await discovery.discover('crm@1.0.0', reviewer);

      expect(version.discovery?.ok).toBe(true);
      expect(version.discovery?.era).toContain(expectedEra);
      const keys = version.definitions.map((d) => `${d.kind}/${d.name}`).sort();
      expect(keys).toEqual(
        [
          ...[...SAMPLE_TOOLS, POISONED_TOOL].map((t) => `tool/${t.name}`),
          ...SAMPLE_RESOURCES.map((r) => `resource/${r.uri}`),
          ...SAMPLE_RESOURCE_TEMPLATES.map((r) => `resource_template/${r.uriTemplate}`),
          ...SAMPLE_PROMPTS.map((p) => `prompt/${p.name}`),
        ].sort(),
      );
      for (const d of version.definitions) expect(d.hash).toBe(definitionHash(d.body));
      expect(await storedVersion(ctx.store, 'crm@1.0.0')).toMatchObject({ rev: 2 });
      expect(notified).toContain('server_versions');
    },
  );

  it('when a tool description hides instructions, then only that tool carries findings and the audit counts them', async () => {
    const { ctx } = createOperationsContext();
    const upstream = await fixture('stateless');
    await seedServer(ctx.store);
    await seedVersion(ctx.store, { url: upstream.url });

    const version = await createVersionDiscovery(ctx, {
      netGuard: LOOPBACK_POLICY,
      timeoutMs: 10_000,
    }).discover('crm@1.0.0', reviewer);

    const flagged = version.definitions.filter((d) => d.findings.length > 0).map((d) => d.name);
    expect(flagged).toEqual([POISONED_TOOL.name]);
    const [event] = await auditActions(ctx.store);
    expect(event).toMatchObject({
      action: 'version.discover',
      outcome: 'success',
      target: { serverId: 'crm', versionId: 'crm@1.0.0' },
      details: { ok: true, definitions: version.definitions.length },
    });
    expect(event?.details?.['findings']).toBeGreaterThan(0);
  });

  it('when scopes were set during review, then a re-discovery keeps them', async () => {
    const { ctx } = createOperationsContext();
    const upstream = await fixture('stateless', SAMPLE_TOOLS);
    await seedServer(ctx.store);
    const [first] = SAMPLE_TOOLS;
    await seedVersion(ctx.store, {
      url: upstream.url,
      definitions: [
        {
          kind: 'tool',
          name: first?.name ?? '',
          body: {},
          hash: 'sha256:old',
          findings: [],
          requiredScopes: ['crm.read'],
        },
      ],
    });

    const version = await createVersionDiscovery(ctx, {
      netGuard: LOOPBACK_POLICY,
      timeoutMs: 10_000,
    }).discover('crm@1.0.0', reviewer);

    const kept = version.definitions.find((d) => d.name === first?.name);
    expect(kept?.requiredScopes).toEqual(['crm.read']);
    expect(kept?.hash).not.toBe('sha256:old');
  });

  it('when the policy does not allow loopback, then discovery fails with SSRF_BLOCKED and the upstream sees no request', async () => {
    const { ctx } = createOperationsContext();
    const upstream = await fixture('stateless');
    await seedServer(ctx.store);
    await seedVersion(ctx.store, { url: upstream.url });

    const version = await createVersionDiscovery(ctx, { netGuard: {}, timeoutMs: 5_000 }).discover(
      'crm@1.0.0',
      reviewer,
    );

    expect(version.discovery).toMatchObject({ ok: false });
    expect(version.discovery?.error).toMatch(/^SSRF_BLOCKED/);
    expect(version.definitions).toEqual([]);
    expect(upstream.requests).toHaveLength(0);
    const [event] = await auditActions(ctx.store);
    expect(event).toMatchObject({ action: 'version.discover', outcome: 'failure' });
  });

  it('when the upstream answers garbage, then the failure is recorded and earlier definitions stay', async () => {
    const { ctx } = createOperationsContext();
    const upstream = await fixture('stateless');
    await seedServer(ctx.store);
    await seedVersion(ctx.store, { url: upstream.url });
    const discovery = createVersionDiscovery(ctx, { netGuard: LOOPBACK_POLICY, timeoutMs: 5_000 });
    const before = await discovery.discover('crm@1.0.0', reviewer);
    upstream.setBehaviour('garbage');

    const after = await discovery.discover('crm@1.0.0', reviewer);

    expect(after.discovery).toMatchObject({ ok: false });
    expect(after.discovery?.error).toMatch(/^UPSTREAM_FAILED: connect\//);
    expect(after.definitions).toEqual(before.definitions);
  });

  it('when the version does not exist, then rejects with NOT_FOUND', async () => {
    const { ctx } = createOperationsContext();
    const discovery = createVersionDiscovery(ctx, { netGuard: LOOPBACK_POLICY, timeoutMs: 5_000 });

    await expect(discovery.discover('crm@9.9.9', reviewer)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

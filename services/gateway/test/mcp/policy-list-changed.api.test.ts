import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '@mcpgw/http';
import { createTokenVerifier } from '@mcpgw/identity';
import { createLogger } from '@mcpgw/logger';
import { gatewaySnapshotSchema, type GatewaySnapshot } from '@mcpgw/snapshot';
import { startLocalIssuer, type LocalIssuer } from '@mcpgw/testing';
import { createApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { createEnvFileSecretSource } from '../../src/data-access/secrets/env-file-secret-source.js';
import {
  announceToolVisibilityChanges,
  createToolsListChangedSignal,
} from '../../src/domain/drift/tools-list-changed.js';
import { compileServingState } from '../../src/domain/serving/compile-serving-state.js';
import { createSnapshotClient } from '../../src/domain/snapshot/snapshot-client.js';
import { openLegacySession } from '../protocol/legacy-session.js';
import { REQUIRED_ENV } from '../support/required-env.js';
import { catalogueSnapshot } from './fake-upstream-harness.js';
import { modernPost } from './support.js';

const silent = new Writable({ write: (_c, _e, cb) => cb() });

const HIDE_BETA = {
  id: 'hide-beta',
  effect: 'deny',
  subjects: { agents: ['*'] },
  actions: ['tools/call'],
  targets: ['docs/beta'],
};

/**
 * The gateway wired as main.ts wires it: a snapshot client polling a registry stand-in, its
 * onChange announcing visibility changes to the signal the MCP endpoint listens to.
 */
async function startGateway() {
  const issuer: LocalIssuer = await startLocalIssuer();
  let published: GatewaySnapshot = catalogueSnapshot();
  let etag = 1;
  const snapshots = createSnapshotClient({
    source: {
      fetch: async () => ({ status: 'ok', etag: `"v${etag}"`, body: JSON.stringify(published) }),
    },
    validate: (json): GatewaySnapshot => gatewaySnapshotSchema.parse(json),
    compile: (snapshot) => compileServingState(snapshot, { environment: 'dev' }),
    clock: { now: () => new Date() },
    logger: { info: () => undefined, warn: () => undefined },
  });
  const toolsListChanged = createToolsListChangedSignal();
  snapshots.onChange(announceToolVisibilityChanges(toolsListChanged));
  await snapshots.pollOnce();
  const config = configSchema.parse({ ...REQUIRED_ENV, GATEWAY_OIDC_ISSUER: issuer.issuer });
  const logger = createLogger({ service: 'gateway', level: 'error', stream: silent });
  const app = createApp({
    config,
    logger,
    mcp: {
      getState: () => snapshots.current()?.compiled,
      verifier: createTokenVerifier({
        issuers: [{ issuer: issuer.issuer, audiences: [issuer.audience], jwksUri: issuer.jwksUri }],
      }),
      audit: { emit: () => undefined },
      upstream: { forward: async () => ({ kind: 'result', status: 200, result: {} }) },
      secrets: createEnvFileSecretSource({}),
      toolsListChanged,
    },
  });
  const running: RunningServer = await startHttpServer(app.app, {
    port: 0,
    host: '127.0.0.1',
    logger,
    lifecycle: app.lifecycle,
    handleSignals: false,
  });
  return {
    url: running.url,
    token: () => issuer.mint({ client_id: 'agent-a' }, { scope: 'docs.read' }),
    /** The registry publishes a new snapshot; the gateway polls it. */
    async publish(next: GatewaySnapshot) {
      published = next;
      etag += 1;
      await snapshots.pollOnce();
    },
    // Sessions first: an open GET stream would otherwise hold the server's close until drained.
    close: async () => {
      await app.mcp?.close();
      await running.close();
      await issuer.close();
    },
  };
}

describe('notifications/tools/list_changed on a policy change', () => {
  let g: Awaited<ReturnType<typeof startGateway>>;
  beforeEach(async () => {
    g = await startGateway();
  });
  afterEach(async () => g?.close());

  const toolNames = async (token: string) =>
    (
      (await modernPost(`${g.url}/mcp/docs`, token, 'tools/list')).json!['result'].tools as Array<{
        name: string;
      }>
    ).map((t) => t.name);

  it('when a new snapshot only adds a policy that hides a tool, then open legacy sessions are told and the tool is gone', async () => {
    const token = await g.token();
    const agent = await openLegacySession(`${g.url}/mcp/docs`, token);
    const listening = await agent.listenFor('notifications/tools/list_changed');
    expect(await toolNames(token)).toEqual(['alpha', 'beta', 'gamma']);

    await g.publish(catalogueSnapshot(undefined, [HIDE_BETA]));

    expect(await listening.next).toMatchObject({ method: 'notifications/tools/list_changed' });
    expect(await toolNames(token)).toEqual(['alpha', 'gamma']);
  });

  it('when the policy is withdrawn again, then sessions are told the tool is back', async () => {
    await g.publish(catalogueSnapshot(undefined, [HIDE_BETA]));
    const token = await g.token();
    const agent = await openLegacySession(`${g.url}/mcp/docs`, token);
    const listening = await agent.listenFor('notifications/tools/list_changed');

    await g.publish(catalogueSnapshot());

    expect(await listening.next).toMatchObject({ method: 'notifications/tools/list_changed' });
    expect(await toolNames(token)).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('when a new snapshot changes nothing agents could list, then no notification is sent', async () => {
    const agent = await openLegacySession(`${g.url}/mcp/docs`, await g.token());
    const listening = await agent.listenFor('notifications/tools/list_changed', 1_000);
    const described = catalogueSnapshot();
    described.servers[0]!.description = 'only the description changed';
    described.generatedAt = '2026-03-02T10:00:00.000Z';

    await g.publish(described);

    await expect(listening.next).rejects.toThrow();
  });
});

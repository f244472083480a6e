import { Writable } from 'node:stream';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '@mcpgw/http';
import { createTokenVerifier } from '@mcpgw/identity';
import { createLogger } from '@mcpgw/logger';
import { progressTool, startFixtureServer, type FixtureServer } from '@mcpgw/mcp';
import { createGuardedDispatcher } from '@mcpgw/net-guard';
import { startLocalIssuer, type LocalIssuer } from '@mcpgw/testing';
import { createApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { createEnvFileSecretSource } from '../../src/data-access/secrets/env-file-secret-source.js';
import { createUpstreamPool } from '../../src/data-access/upstream/upstream-pool.js';
import { compileServingState } from '../../src/domain/serving/compile-serving-state.js';
import { catalogueServer, catalogueSnapshot } from '../mcp/fake-upstream-harness.js';
import { REQUIRED_ENV } from '../support/required-env.js';

const silent = new Writable({ write: (_c, _e, cb) => cb() });

describe('progress from a real upstream, through the gateway, to a real agent', () => {
  let issuer: LocalIssuer;
  let fixtures: FixtureServer[];
  let running: RunningServer;
  let close: () => Promise<void>;
  const clients: Client[] = [];

  beforeAll(async () => {
    issuer = await startLocalIssuer();
    const tool = progressTool({ steps: 3 });
    fixtures = await Promise.all([
      startFixtureServer({ era: 'stateless', tools: [tool] }),
      startFixtureServer({ era: 'session', tools: [tool], respondWithSse: true }),
    ]);
    const { handler: _h, ...definition } = tool;
    const server = (id: string, url: string) => {
      const base = catalogueServer(id);
      const version = base.versions[0]!;
      return {
        ...base,
        versions: [
          {
            ...version,
            url,
            tools: [{ ...definition, pinnedHash: 'hash', requiredScopes: ['docs.read'] }],
          },
        ],
      } as typeof base;
    };
    const state = compileServingState(
      catalogueSnapshot([
        server('stateless', fixtures[0]!.url),
        server('session', fixtures[1]!.url),
      ]),
      { environment: 'dev' },
    );
    const dispatcher = createGuardedDispatcher({ allowPrivateNetworks: ['127.0.0.0/8'] });
    const pool = createUpstreamPool({ dispatcher, timeoutMs: 5_000, maxResponseBytes: 1 << 20 });
    const logger = createLogger({ service: 'gateway', level: 'error', stream: silent });
    const app = createApp({
      config: configSchema.parse({ ...REQUIRED_ENV, GATEWAY_OIDC_ISSUER: issuer.issuer }),
      logger,
      mcp: {
        getState: () => state,
        verifier: createTokenVerifier({
          issuers: [
            { issuer: issuer.issuer, audiences: [issuer.audience], jwksUri: issuer.jwksUri },
          ],
        }),
        audit: { emit: () => undefined },
        upstream: pool,
        secrets: createEnvFileSecretSource({}),
      },
    });
    running = await startHttpServer(app.app, {
      port: 0,
      host: '127.0.0.1',
      logger,
      lifecycle: app.lifecycle,
      handleSignals: false,
    });
    close = async () => {
      await Promise.all(clients.map((c) => c.close()));
      await app.mcp?.close();
      await running.close();
      await pool.close();
      await dispatcher.close();
      await Promise.all([...fixtures.map((f) => f.close()), issuer.close()]);
    };
  }, 30_000);
  afterAll(async () => close?.());

  const cases = [
    ['auto', 'stateless'],
    ['auto', 'session'],
    ['legacy', 'stateless'],
    ['legacy', 'session'],
  ] as const;
  it.each(cases)(
    'when a %s agent calls a progress-reporting tool of a %s upstream, then it receives every step before the result',
    async (mode, upstream) => {
      const token = await issuer.mint({ client_id: 'agent-a' }, { scope: 'docs.read' });
      const transport = new StreamableHTTPClientTransport(new URL(`${running.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      });
      const client = new Client({ name: 'agent', version: '1' }, { versionNegotiation: { mode } });
      await client.connect(transport);
      clients.push(client);
      const steps: Array<{ progress: number; total?: number; message?: string }> = [];

      const result = await client.callTool(
        { name: `${upstream}__export_report`, arguments: { report: 'q3' } },
        { onprogress: (step) => void steps.push(step) },
      );

      expect(result.structuredContent).toEqual({ report: 'q3', steps: 3 });
      expect(steps).toEqual([
        { progress: 1, total: 3, message: 'step 1 of 3' },
        { progress: 2, total: 3, message: 'step 2 of 3' },
        { progress: 3, total: 3, message: 'step 3 of 3' },
      ]);
    },
  );
});

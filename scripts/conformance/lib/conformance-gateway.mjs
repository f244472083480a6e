// A gateway instance for the conformance run only. TEST-ONLY: it authenticates every request as
// one fixed principal, because the conformance CLI cannot send an Authorization header (its
// `server` command has no header option in 0.1.16). This file lives under scripts/, is never
// imported by services/gateway/src, and no configuration key can enable it in a deployment.
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { createLogger } from '@mcpgw/logger';
import { discoverUpstream } from '@mcpgw/mcp';
import { createGuardedDispatcher } from '@mcpgw/net-guard';
import { gatewaySnapshotSchema } from '@mcpgw/snapshot';
import { repoRoot } from '../../test-env/lib/paths.mjs';

const gatewayDist = path.join(repoRoot, 'services', 'gateway', 'dist');
const { createApp } = await import(path.join(gatewayDist, 'app.js'));
const { configSchema } = await import(path.join(gatewayDist, 'config.js'));
const { createUpstreamPool } = await import(
  path.join(gatewayDist, 'data-access', 'upstream', 'upstream-pool.js')
);
const { createEnvFileSecretSource } = await import(
  path.join(gatewayDist, 'data-access', 'secrets', 'env-file-secret-source.js')
);
const { compileServingState } = await import(
  path.join(gatewayDist, 'domain', 'serving', 'compile-serving-state.js')
);

const SCOPE = 'conformance.use';
const TEST_ONLY_TOKEN = 'conformance-test-only-token';
/** TEST-ONLY principal the stub verifier returns. */
const TEST_ONLY_PRINCIPAL = Object.freeze({
  issuer: 'urn:mcpgw:conformance:test-only',
  subject: 'conformance-client',
  clientId: 'conformance-client',
  groups: [],
  scopes: [SCOPE],
  roles: [],
  expiresAt: Number.POSITIVE_INFINITY,
  claims: {},
});

/** TEST-ONLY verifier: accepts exactly the token the wrapper below injects, nothing else. */
const testOnlyVerifier = {
  async verify(token) {
    if (token !== TEST_ONLY_TOKEN) throw new Error('conformance stub: unexpected token');
    return TEST_ONLY_PRINCIPAL;
  },
};

const pinned = (item) => ({ ...item, pinnedHash: 'conformance', requiredScopes: [SCOPE] });

/** One server, everything it lists pinned as-is: what the registry would approve. */
async function snapshotFor(slug, upstreamUrl) {
  const found = await discoverUpstream({ url: upstreamUrl, timeoutMs: 20_000 });
  return gatewaySnapshotSchema.parse({
    schemaVersion: 1,
    environment: 'dev',
    generatedAt: new Date().toISOString(),
    servers: [
      {
        id: slug,
        name: found.serverInfo.name,
        description: 'server-everything for the conformance run',
        riskLevel: 'low',
        dataClassification: 'public',
        credentialRefs: [],
        health: { status: 'healthy' },
        defaultVersion: found.serverInfo.version || '1.0.0',
        versions: [
          {
            version: found.serverInfo.version || '1.0.0',
            url: upstreamUrl,
            transport: 'streamable-http',
            status: 'approved_dev',
            tools: found.tools.map(pinned),
            resources: found.resources.map(pinned),
            resourceTemplates: found.resourceTemplates.map(pinned),
            prompts: found.prompts.map(pinned),
          },
        ],
      },
    ],
    scopes: [{ id: SCOPE, description: 'conformance run' }],
    policies: [],
    agents: [],
  });
}

/**
 * Starts the gateway on 127.0.0.1:`port` in front of `upstreamUrl` as `/mcp/<slug>`. Audit events
 * and logs go to files in `outDir`. Returns its URL, item counts and `close()`.
 */
export async function startConformanceGateway({ slug, upstreamUrl, port, outDir }) {
  const snapshot = await snapshotFor(slug, upstreamUrl);
  const state = compileServingState(snapshot, { environment: 'dev' });
  const base = `http://127.0.0.1:${port}`;
  const config = configSchema.parse({
    GATEWAY_OIDC_ISSUER: 'http://127.0.0.1:9/test-only-issuer',
    GATEWAY_REGISTRY_URL: 'http://127.0.0.1:9',
    GATEWAY_TOKEN_URL: 'http://127.0.0.1:9/token',
    GATEWAY_CLIENT_SECRET: 'conformance-test-only-not-a-secret',
    GATEWAY_AUDIT_SINK: 'stdout',
    GATEWAY_RESOURCE_URL: `${base}/mcp`,
    // The DNS-rebinding scenario sends its own Origin (http://<host:port>) as the valid case.
    GATEWAY_ALLOWED_ORIGINS: `${base},http://localhost:${port}`,
    // Every scenario opens a legacy session as the same principal and none sends DELETE; the
    // production default (16 per principal) would refuse the 17th scenario with 503.
    GATEWAY_MAX_SESSIONS_PER_PRINCIPAL: '1000',
  });
  const logStream = createWriteStream(path.join(outDir, 'gateway.log'));
  const auditStream = createWriteStream(path.join(outDir, 'gateway-audit.jsonl'));
  const logger = createLogger({ service: 'gateway', level: 'info', stream: logStream });
  const dispatcher = createGuardedDispatcher({ allowPrivateNetworks: ['127.0.0.0/8'] });
  const upstream = createUpstreamPool({
    dispatcher,
    timeoutMs: config.GATEWAY_UPSTREAM_TIMEOUT_MS,
    maxResponseBytes: config.GATEWAY_UPSTREAM_MAX_RESPONSE_BYTES,
  });
  const app = createApp({
    config,
    logger,
    mcp: {
      getState: () => state,
      verifier: testOnlyVerifier,
      audit: { emit: (event) => void auditStream.write(`${JSON.stringify(event)}\n`) },
      upstream,
      secrets: createEnvFileSecretSource({}),
    },
  });
  // TEST-ONLY: stands in for the agent's bearer token the CLI cannot send.
  const server = createServer((req, res) => {
    if (req.headers.authorization === undefined) {
      req.headers.authorization = `Bearer ${TEST_ONLY_TOKEN}`;
    }
    app.app(req, res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const version = snapshot.servers[0].versions[0];
  return {
    url: `${base}/mcp/${slug}`,
    counts: {
      tools: version.tools.length,
      resources: version.resources.length,
      resourceTemplates: version.resourceTemplates.length,
      prompts: version.prompts.length,
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
      await app.mcp?.close();
      await upstream.close();
      await dispatcher.close();
      await new Promise((resolve) => logStream.end(resolve));
      await new Promise((resolve) => auditStream.end(resolve));
    },
  };
}

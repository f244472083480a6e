import { Writable } from 'node:stream';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '@mcpgw/http';
import { createTokenVerifier } from '@mcpgw/identity';
import { createLogger } from '@mcpgw/logger';
import { startFixtureServer, type FixtureServer } from '@mcpgw/mcp';
import { createGuardedDispatcher } from '@mcpgw/net-guard';
import { loadTestEnv, startLocalIssuer, uniqueName, type LocalIssuer } from '@mcpgw/testing';
import { createApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { createAwsSecretSource } from '../../src/data-access/secrets/aws-secret-source.js';
import {
  createEnvFileSecretSource,
  createRoutingSecretSource,
} from '../../src/data-access/secrets/env-file-secret-source.js';
import { createUpstreamPool } from '../../src/data-access/upstream/upstream-pool.js';
import { createAuditEmitter, type AuditEmitter } from '../../src/domain/audit/audit-emitter.js';
import { compileServingState } from '../../src/domain/serving/compile-serving-state.js';
import { buildSnapshot, modernPost } from '../mcp/support.js';
import { REQUIRED_ENV } from '../support/required-env.js';
import { startAuthCheckingFront } from './auth-checking-front.js';

// Throws when the environment is absent: integration tests fail loudly, never skip.
const env = loadTestEnv();
const OLD_TOKEN = `old-backend-token-${uniqueName('v')}`;
const NEW_TOKEN = `new-backend-token-${uniqueName('v')}`;
const TENANT_KEY = `tenant-key-${uniqueName('k')}`;
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

const sm = new SecretsManagerClient({
  region: env.moto.region,
  endpoint: env.moto.endpoint,
  credentials: { accessKeyId: env.moto.accessKeyId, secretAccessKey: env.moto.secretAccessKey },
});
const bearerName = uniqueName('gw_bearer');
const jsonName = uniqueName('gw_json');
let bearerArn: string;

let issuer: LocalIssuer;
let fixture: FixtureServer;
let front: Awaited<ReturnType<typeof startAuthCheckingFront>>;
let running: RunningServer;
let closeGateway: () => Promise<void>;
let audit: AuditEmitter;
const auditLines: string[] = [];
const logLines: string[] = [];
const agentReplies: string[] = [];

beforeAll(async () => {
  const created = await sm.send(
    new CreateSecretCommand({ Name: bearerName, SecretString: OLD_TOKEN }),
  );
  bearerArn = created.ARN ?? '';
  await sm.send(
    new CreateSecretCommand({
      Name: jsonName,
      SecretString: JSON.stringify({ apiKey: TENANT_KEY, unused: 'other-field' }),
    }),
  );
  issuer = await startLocalIssuer();
  fixture = await startFixtureServer({ era: 'stateless' });
  front = await startAuthCheckingFront(fixture.url, OLD_TOKEN);

  const snapshot = buildSnapshot({ crm: front.url, legacy: front.url });
  snapshot.servers = snapshot.servers.filter((s) => s.id === 'crm');
  snapshot.servers[0]!.credentialRefs = [
    // By ARN, whole value into a template; by name, one field of a JSON secret.
    { source: bearerArn, header: 'Authorization', template: 'Bearer {{secret}}' },
    { source: jsonName, jsonKey: 'apiKey', header: 'X-Tenant-Key', template: '{{secret}}' },
  ];
  const state = compileServingState(snapshot, { environment: 'dev' });
  const config = configSchema.parse({
    ...REQUIRED_ENV,
    GATEWAY_OIDC_ISSUER: issuer.issuer,
    GATEWAY_UPSTREAM_TIMEOUT_MS: '5000',
  });
  const capture = (lines: string[]) =>
    new Writable({
      write: (chunk: Buffer, _e, cb) => {
        lines.push(chunk.toString('utf8'));
        cb();
      },
    });
  const logger = createLogger({ service: 'gateway', level: 'debug', stream: capture(logLines) });
  audit = createAuditEmitter({
    instance: 'gateway-int-secrets',
    clock: { now: () => new Date() },
    sink: { write: async () => undefined, ping: async () => undefined },
    stdout: (line) => void auditLines.push(line),
    logger,
  });
  const dispatcher = createGuardedDispatcher({ allowPrivateNetworks: ['127.0.0.0/8'] });
  const upstream = createUpstreamPool({
    dispatcher,
    timeoutMs: config.GATEWAY_UPSTREAM_TIMEOUT_MS,
    maxResponseBytes: config.GATEWAY_UPSTREAM_MAX_RESPONSE_BYTES,
  });
  const aws = createAwsSecretSource({
    region: env.moto.region,
    endpoint: env.moto.endpoint,
    credentials: { accessKeyId: env.moto.accessKeyId, secretAccessKey: env.moto.secretAccessKey },
    // Long enough that only the 401 path can explain a refetch during this test.
    ttlMs: 10 * 60_000,
  });
  const app = createApp({
    config,
    logger,
    mcp: {
      getState: () => state,
      verifier: createTokenVerifier({
        issuers: [{ issuer: issuer.issuer, audiences: [issuer.audience], jwksUri: issuer.jwksUri }],
      }),
      audit,
      upstream,
      secrets: createRoutingSecretSource(createEnvFileSecretSource({}), aws),
    },
  });
  running = await startHttpServer(app.app, {
    port: 0,
    host: '127.0.0.1',
    logger,
    lifecycle: app.lifecycle,
    handleSignals: false,
  });
  closeGateway = async () => {
    await running.close();
    await app.mcp?.close();
    await upstream.close();
    await dispatcher.close();
    aws.close();
    await audit.close({ timeoutMs: 1_000 });
  };
});

afterAll(async () => {
  await closeGateway?.();
  await Promise.all([front?.close(), fixture?.close(), issuer?.close()]);
  for (const name of [bearerName, jsonName]) {
    await sm
      .send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }))
      .catch(() => undefined);
  }
  sm.destroy();
});

async function callTool(token: string) {
  const res = await modernPost(
    `${running.url}/mcp`,
    token,
    'tools/call',
    { name: 'crm__search_contacts', arguments: { query: 'ada' } },
    { traceparent: TRACEPARENT, cookie: `session=agent-cookie-${token.slice(-8)}` },
  );
  agentReplies.push(res.text, JSON.stringify([...res.headers.entries()]));
  return res;
}

describe('credential injection from Secrets Manager (moto)', () => {
  it('when an agent calls a tool, then the upstream receives the injected secrets, not the agent token, and a traceparent', async () => {
    const token = await issuer.mint({ client_id: 'agent-a' }, { scope: 'crm.read' });
    const res = await callTool(token);

    expect(res.status).toBe(200);
    expect(res.json?.['result']?.isError).not.toBe(true);
    const calls = front.seen.filter((s) => s.answered === 200);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of front.seen) {
      expect(call.headers.authorization).toBe(`Bearer ${OLD_TOKEN}`);
      expect(call.headers['x-tenant-key']).toBe(TENANT_KEY);
      expect(JSON.stringify(call.headers)).not.toContain(token);
      expect(call.headers.cookie).toBeUndefined();
    }
    const toolCall = fixture.requests.find(
      (r) => (r.body as { method?: string } | undefined)?.method === 'tools/call',
    );
    expect(toolCall?.headers['traceparent']).toMatch(
      /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/,
    );
    expect(toolCall?.headers['traceparent']).not.toBe(TRACEPARENT);
  });

  it('when the secret is rotated and the upstream refuses the old value with 401, then the gateway refetches and retries once, and the call succeeds', async () => {
    await sm.send(new PutSecretValueCommand({ SecretId: bearerArn, SecretString: NEW_TOKEN }));
    front.accept(NEW_TOKEN);
    const before = front.seen.length;
    const token = await issuer.mint({ client_id: 'agent-a' }, { scope: 'crm.read' });

    const res = await callTool(token);

    expect(res.status).toBe(200);
    expect(res.json?.['result']?.isError).not.toBe(true);
    const attempts = front.seen.slice(before);
    expect(attempts.map((a) => [a.headers.authorization, a.answered])).toEqual([
      [`Bearer ${OLD_TOKEN}`, 401],
      [`Bearer ${NEW_TOKEN}`, 200],
    ]);
    expect(attempts[1]?.headers['x-tenant-key']).toBe(TENANT_KEY);
  });

  it('when the upstream keeps refusing after the refetch, then the agent gets a clear error and the gateway does not loop', async () => {
    front.accept('a-value-nobody-has');
    const before = front.seen.length;
    const token = await issuer.mint({ client_id: 'agent-a' }, { scope: 'crm.read' });

    const res = await callTool(token);

    expect(front.seen.length - before).toBe(2);
    const error = res.json?.['error'] as { code: number; message: string } | undefined;
    expect(error?.message).toBe('Upstream unavailable');
    front.accept(NEW_TOKEN);
  });

  it('when a rotated JSON secret no longer parses, then the agent gets a credentials error naming no value', async () => {
    const state = await sm.send(
      new PutSecretValueCommand({ SecretId: jsonName, SecretString: 'not-json' }),
    );
    expect(state.VersionId).toBeDefined();
    // The JSON secret is cached; drop it the way a 401 would, via one refused call.
    front.accept('force-a-401');
    const token = await issuer.mint({ client_id: 'agent-a' }, { scope: 'crm.read' });
    const res = await callTool(token);
    const error = res.json?.['error'] as { message: string } | undefined;
    expect(error?.message).toBe('Upstream credentials unavailable');
    front.accept(NEW_TOKEN);
    await sm.send(
      new PutSecretValueCommand({
        SecretId: jsonName,
        SecretString: JSON.stringify({ apiKey: TENANT_KEY }),
      }),
    );
  });

  it('when everything above ran, then no secret value appears in logs, audit events or agent replies', async () => {
    await audit.flush();
    const channels = {
      logs: logLines.join('\n'),
      audit: auditLines.join('\n'),
      agent: agentReplies.join('\n'),
    };
    expect(channels.audit).toContain('mcp.tools/call');
    expect(channels.agent.length).toBeGreaterThan(0);
    for (const [channel, text] of Object.entries(channels)) {
      for (const secret of [OLD_TOKEN, NEW_TOKEN, TENANT_KEY, 'other-field']) {
        expect({ channel, leaked: text.includes(secret) }).toEqual({ channel, leaked: false });
      }
    }
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../admin/admin-harness.js';
import {
  makeTempDir,
  requestToken,
  startEmbeddedAuth,
  type EmbeddedAuth,
} from './start-embedded-auth.js';

interface Started {
  auth: EmbeddedAuth;
  secrets: Record<string, string>;
  registryToken: string;
}

describe('admin endpoints in embedded mode', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function tempSecretsFile(): Promise<string> {
    const temp = await makeTempDir();
    cleanups.push(temp.remove);
    return path.join(temp.dir, 'identity-secrets.json');
  }

  /** The service on `file`, with a token of the seeded registry client; the caller closes it. */
  async function startAt(file: string): Promise<Started> {
    const auth = await startEmbeddedAuth({ AUTH_DEV_SECRETS_FILE: file });
    const { clients } = JSON.parse(await readFile(file, 'utf8')) as {
      clients: Record<string, string>;
    };
    const answer = await requestToken(auth.tokenEndpoint, {
      clientId: 'mcp-registry',
      secret: clients['mcp-registry'] ?? '',
    });
    return { auth, secrets: clients, registryToken: String(answer.body.access_token) };
  }

  async function start(): Promise<Started> {
    const started = await startAt(await tempSecretsFile());
    cleanups.push(() => started.auth.close());
    return started;
  }

  it('when the seeded registry client creates an agent, then 201 with a secret that gets a token, and neither is logged', async () => {
    const { auth, registryToken } = await start();

    const created = await call(auth.url, 'PUT', '/auth/admin/agents/billing-agent', {
      token: registryToken,
      body: { description: 'Billing.', grantedScopes: ['crm.read'] },
    });
    const secret = String((created.body.secret as { clientSecret: string }).clientSecret);
    const token = await requestToken(auth.tokenEndpoint, { clientId: 'billing-agent', secret });

    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.body).toMatchObject({ id: 'billing-agent', change: 'created' });
    expect(token.status).toBe(200);
    expect(token.body.scope).toBe('crm.read');
    expect(auth.logs()).toMatch(/"action":"ensure-agent"[^\n]*"clientId":"mcp-registry"/);
    expect(auth.logs()).not.toContain(secret);
    expect(auth.logs()).not.toContain(registryToken);
  });

  it('when a seeded sample agent is rotated, then its seeded secret is refused with 401 invalid_client', async () => {
    const { auth, secrets, registryToken } = await start();
    const seeded = { clientId: 'crm-agent', secret: secrets['crm-agent'] ?? '' };

    const rotated = await call(auth.url, 'POST', '/auth/admin/agents/crm-agent/rotate-secret', {
      token: registryToken,
    });
    const withSeeded = await requestToken(auth.tokenEndpoint, seeded);

    expect(rotated.status).toBe(200);
    expect(withSeeded.status).toBe(401);
    expect(withSeeded.body).toMatchObject({ error: 'invalid_client' });
  });

  it('when the console or the gateway client is targeted, then 409 CONFLICT and the gateway still gets tokens', async () => {
    const { auth, secrets, registryToken } = await start();

    const disable = await call(auth.url, 'POST', '/auth/admin/agents/mcp-gateway/disable', {
      token: registryToken,
    });
    const ensure = await call(auth.url, 'PUT', '/auth/admin/agents/mcp-console', {
      token: registryToken,
      body: { grantedScopes: [] },
    });
    const gateway = await requestToken(auth.tokenEndpoint, {
      clientId: 'mcp-gateway',
      secret: secrets['mcp-gateway'] ?? '',
    });

    expect(disable.status).toBe(409);
    expect(disable.body).toMatchObject({ error: { code: 'CONFLICT' } });
    expect(ensure.status).toBe(409);
    expect(gateway.status).toBe(200);
  });

  it('when a sample agent calls the endpoints with its own token, then 403 and nothing changes', async () => {
    const { auth, secrets } = await start();
    const crmAgent = { clientId: 'crm-agent', secret: secrets['crm-agent'] ?? '' };
    const agentToken = String((await requestToken(auth.tokenEndpoint, crmAgent)).body.access_token);

    const res = await call(auth.url, 'POST', '/auth/admin/agents/support-agent/disable', {
      token: agentToken,
    });
    const support = await requestToken(auth.tokenEndpoint, {
      clientId: 'support-agent',
      secret: secrets['support-agent'] ?? '',
    });

    expect(res.status).toBe(403);
    expect(support.status).toBe(200);
  });

  it('when the service restarts, then provisioned changes are gone: created agents unknown, disabled ones enabled again', async () => {
    const file = await tempSecretsFile();
    const before = await startAt(file);
    const created = await call(before.auth.url, 'PUT', '/auth/admin/agents/temp-agent', {
      token: before.registryToken,
      body: { grantedScopes: ['crm.read'] },
    });
    const secret = String((created.body.secret as { clientSecret: string }).clientSecret);
    const disabled = await call(before.auth.url, 'POST', '/auth/admin/agents/crm-agent/disable', {
      token: before.registryToken,
    });
    await before.auth.close();

    const after = await startAt(file);
    cleanups.push(() => after.auth.close());
    const tempAgent = await requestToken(after.auth.tokenEndpoint, {
      clientId: 'temp-agent',
      secret,
    });
    const crmAgent = await requestToken(after.auth.tokenEndpoint, {
      clientId: 'crm-agent',
      secret: after.secrets['crm-agent'] ?? '',
    });

    expect(created.status).toBe(201);
    expect(disabled.status).toBe(200);
    expect(tempAgent.status).toBe(401);
    expect(crmAgent.status).toBe(200);
  });
});

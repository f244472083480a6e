import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '@mcpgw/identity';
import {
  GATEWAY_RESOURCE,
  makeTempDir,
  requestToken,
  startEmbeddedAuth,
  type EmbeddedAuth,
} from './start-embedded-auth.js';

describe('embedded OpenID provider', () => {
  let auth: EmbeddedAuth;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let secrets: Record<string, string>;
  const crmAgent = (): { clientId: string; secret: string } => ({
    clientId: 'crm-agent',
    secret: secrets['crm-agent'] ?? '',
  });

  beforeAll(async () => {
    temp = await makeTempDir();
    const secretsFile = path.join(temp.dir, 'nested', 'identity-secrets.json');
    auth = await startEmbeddedAuth({ AUTH_DEV_SECRETS_FILE: secretsFile });
    const stored = JSON.parse(await readFile(secretsFile, 'utf8')) as {
      clients: Record<string, string>;
    };
    secrets = stored.clients;
  });

  afterAll(async () => {
    await auth?.close();
    await temp?.remove();
  });

  it('when discovery is requested, then it names the issuer, token endpoint and a JWKS with one RS256 key', async () => {
    const res = await fetch(`${auth.issuer}/.well-known/openid-configuration`);
    const discovery = (await res.json()) as Record<string, unknown>;
    const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as {
      keys: Record<string, unknown>[];
    };

    expect(res.status).toBe(200);
    expect(discovery.issuer).toBe(auth.issuer);
    expect(discovery.token_endpoint).toBe(auth.tokenEndpoint);
    expect(discovery.grant_types_supported).toContain('client_credentials');
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('when an agent asks for one of its scopes, then the gateway verifier accepts the token with that scope and client', async () => {
    const verifier = createTokenVerifier({
      issuers: [{ issuer: auth.issuer, audiences: [GATEWAY_RESOURCE] }],
    });

    const { status, body } = await requestToken(auth.tokenEndpoint, crmAgent(), {
      scope: 'crm.read',
    });
    const principal = await verifier.verify(String(body.access_token));

    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: 'crm.read' });
    expect(principal).toMatchObject({
      issuer: auth.issuer,
      subject: 'crm-agent',
      clientId: 'crm-agent',
      scopes: ['crm.read'],
    });
    expect(principal.claims).toMatchObject({
      aud: GATEWAY_RESOURCE,
      preferred_username: 'service-account-crm-agent',
    });
    expect(principal.expiresAt - Number(principal.claims.iat)).toBe(600);
  });

  it('when an agent names no scope, then the token carries every scope the agent holds', async () => {
    const verifier = createTokenVerifier({
      issuers: [{ issuer: auth.issuer, audiences: [GATEWAY_RESOURCE] }],
    });

    const { body } = await requestToken(auth.tokenEndpoint, crmAgent());
    const principal = await verifier.verify(String(body.access_token));

    expect(principal.scopes.toSorted()).toEqual(['crm.contact.update', 'crm.read']);
  });

  it('when an agent asks for a scope it does not hold, then answers 400 invalid_scope', async () => {
    const { status, body } = await requestToken(auth.tokenEndpoint, crmAgent(), {
      scope: 'crm.read tickets.write',
    });

    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_scope', scope: 'tickets.write' });
  });

  it('when an agent asks for a scope nobody declared, then answers 400 invalid_scope', async () => {
    const { status, body } = await requestToken(auth.tokenEndpoint, crmAgent(), {
      scope: 'payroll.admin',
    });

    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_scope' });
  });

  it('when the secret is wrong, then answers 401 invalid_client', async () => {
    const { status, body } = await requestToken(auth.tokenEndpoint, {
      clientId: 'crm-agent',
      secret: 'not-the-secret',
    });

    expect(status).toBe(401);
    expect(body).toMatchObject({ error: 'invalid_client' });
  });

  it('when the client is unknown, then answers 401 invalid_client', async () => {
    const { status, body } = await requestToken(auth.tokenEndpoint, {
      clientId: 'ghost-agent',
      secret: secrets['crm-agent'] ?? '',
    });

    expect(status).toBe(401);
    expect(body).toMatchObject({ error: 'invalid_client' });
  });

  it('when a verifier expects another audience, then it refuses the token', async () => {
    const verifier = createTokenVerifier({
      issuers: [{ issuer: auth.issuer, audiences: ['http://127.0.0.1:7001/registry'] }],
    });
    const { body } = await requestToken(auth.tokenEndpoint, crmAgent());

    await expect(verifier.verify(String(body.access_token))).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
      details: { reason: 'audience' },
    });
  });

  it('when a caller names another resource, then answers 400 invalid_target', async () => {
    const { status, body } = await requestToken(auth.tokenEndpoint, crmAgent(), {
      resource: 'https://elsewhere.example/api',
    });

    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_target' });
  });

  it('when the provider has started and issued tokens, then the logs say how to get one but hold no secret', async () => {
    const { body } = await requestToken(auth.tokenEndpoint, crmAgent());
    const logs = auth.logs();

    expect(body.access_token).toEqual(expect.any(String));
    expect(logs).toContain('embedded OpenID provider ready');
    expect(logs).toContain(`-d grant_type=client_credentials ${auth.tokenEndpoint}`);
    for (const secret of Object.values(secrets)) expect(logs).not.toContain(secret);
    expect(logs).not.toContain(String(body.access_token));
  });
});

import { describe, expect, it } from 'vitest';
import { createClientDirectory } from '../../src/embedded-idp/client-directory.js';
import type { DevIdentity } from '../../src/embedded-idp/dev-identity.js';
import type { DevSecrets } from '../../src/embedded-idp/dev-secrets.js';
import { createEmbeddedProvisioning } from '../../src/embedded-idp/embedded-provisioning.js';

const SEED_SECRET = 'seed-secret-'.padEnd(43, 'x');

function seeded() {
  const identity: DevIdentity = {
    scopes: [
      { name: 'crm.read', description: 'Read CRM.' },
      { name: 'tickets.read', description: 'Read tickets.' },
    ],
    clients: [
      { id: 'crm-agent', description: 'CRM agent.', scopes: ['crm.read', 'tickets.read'] },
      {
        id: 'mcp-gateway',
        description: 'Gateway.',
        scopes: [],
        tokenExchange: { audiences: ['crm-backend'] },
      },
      {
        id: 'mcp-console',
        description: 'Console.',
        scopes: [],
        login: { redirectPaths: ['/auth/callback'], postLogoutRedirectPaths: [] },
      },
    ],
    users: [],
  };
  const secrets = {
    clients: { 'crm-agent': SEED_SECRET, 'mcp-gateway': SEED_SECRET, 'mcp-console': SEED_SECRET },
  } as unknown as DevSecrets;
  const directory = createClientDirectory(identity, secrets);
  return { directory, provisioning: createEmbeddedProvisioning(directory) };
}

describe('createEmbeddedProvisioning: agents', () => {
  it('when a new agent is ensured, then it is created enabled with its scopes and a fresh secret returned once', async () => {
    const { directory, provisioning } = seeded();

    const result = await provisioning.ensureAgent({
      id: 'new-agent',
      description: 'New.',
      grantedScopes: ['crm.read', 'crm.read'],
    });

    expect(result.change).toBe('created');
    expect(result.secret?.clientSecret).toMatch(/^[\w-]{43}$/);
    expect(directory.client('new-agent')).toMatchObject({
      enabled: true,
      scopes: ['crm.read'],
      secret: result.secret?.clientSecret,
    });
    expect(directory.allowedScopes('new-agent')).toEqual(['crm.read']);
  });

  it('when an agent is ensured again unchanged, then unchanged; when its grants change, then updated and no secret', async () => {
    const { directory, provisioning } = seeded();
    const spec = { id: 'crm-agent', description: 'CRM agent.' };

    const again = await provisioning.ensureAgent({
      ...spec,
      grantedScopes: ['tickets.read', 'crm.read'],
    });
    const regrant = await provisioning.ensureAgent({ ...spec, grantedScopes: ['tickets.read'] });

    expect(again).toEqual({ change: 'unchanged' });
    expect(regrant).toEqual({ change: 'updated' });
    expect(directory.allowedScopes('crm-agent')).toEqual(['tickets.read']);
    expect(directory.client('crm-agent')?.secret).toBe(SEED_SECRET);
  });

  it('when an agent is granted scopes outside the catalog, then VALIDATION_FAILED names them and nothing is created', async () => {
    const { directory, provisioning } = seeded();

    const attempt = provisioning.ensureAgent({
      id: 'bad-agent',
      description: '',
      grantedScopes: ['crm.read', 'payroll.admin', 'nope.scope'],
    });

    await expect(attempt).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { unknownScopes: ['payroll.admin', 'nope.scope'] },
    });
    expect(directory.client('bad-agent')).toBeUndefined();
  });

  it('when a secret is rotated, then the directory holds only the new secret and it is returned', async () => {
    const { directory, provisioning } = seeded();

    const rotated = await provisioning.rotateAgentSecret('crm-agent');

    expect(rotated.clientSecret).toMatch(/^[\w-]{43}$/);
    expect(rotated.clientSecret).not.toBe(SEED_SECRET);
    expect(directory.client('crm-agent')?.secret).toBe(rotated.clientSecret);
  });

  it('when an agent is disabled, then it is no longer active, disabling again is unchanged, and ensuring it does not re-enable it', async () => {
    const { directory, provisioning } = seeded();

    const first = await provisioning.disableAgent('crm-agent');
    const second = await provisioning.disableAgent('crm-agent');
    const ensured = await provisioning.ensureAgent({
      id: 'crm-agent',
      description: 'Changed.',
      grantedScopes: ['crm.read'],
    });

    expect([first, second, ensured.change]).toEqual(['updated', 'unchanged', 'updated']);
    expect(directory.active('crm-agent')).toBeUndefined();
    expect(directory.allowedScopes('crm-agent')).toEqual([]);
    expect(directory.client('crm-agent')?.enabled).toBe(false);
  });

  it('when an unknown agent is rotated or disabled, then NOT_FOUND', async () => {
    const { provisioning } = seeded();

    await expect(provisioning.rotateAgentSecret('ghost-agent')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(provisioning.disableAgent('ghost-agent')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('when the console or the exchanging gateway client is targeted, then CONFLICT and it keeps working', async () => {
    const { directory, provisioning } = seeded();

    const attempts = [
      provisioning.ensureAgent({ id: 'mcp-console', description: '', grantedScopes: [] }),
      provisioning.rotateAgentSecret('mcp-gateway'),
      provisioning.disableAgent('mcp-console'),
    ];

    for (const attempt of attempts)
      await expect(attempt).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(directory.active('mcp-console')?.secret).toBe(SEED_SECRET);
    expect(directory.active('mcp-gateway')?.secret).toBe(SEED_SECRET);
  });

  it('when an agent id is malformed, then VALIDATION_FAILED', async () => {
    const { provisioning } = seeded();

    await expect(provisioning.disableAgent('../x')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('when a secret writer is given, then the new secret goes to it and only its reference is returned', async () => {
    const { directory } = seeded();
    const written: Record<string, string> = {};
    const provisioning = createEmbeddedProvisioning(directory, {
      secretWriter: {
        async writeAgentSecret(agentId, clientSecret) {
          written[agentId] = clientSecret;
          return `ref:${agentId}`;
        },
      },
    });

    const created = await provisioning.ensureAgent({
      id: 'new-agent',
      description: '',
      grantedScopes: [],
    });

    expect(created.secret).toEqual({ secretRef: 'ref:new-agent' });
    expect(written['new-agent']).toBe(directory.client('new-agent')?.secret);
  });
});

describe('createEmbeddedProvisioning: scope catalog', () => {
  it('when the catalog is synced, then scopes are created, corrected or deleted and deleted ones leave every client', async () => {
    const { directory, provisioning } = seeded();

    const result = await provisioning.syncScopes([
      { id: 'crm.read', description: 'Read CRM.' },
      { id: 'crm.contact.update', description: 'Change contacts.' },
      { id: 'tickets.read', description: 'Read tickets.' },
    ]);
    const again = await provisioning.syncScopes([
      { id: 'crm.read', description: 'Read the CRM.' },
      { id: 'crm.contact.update', description: 'Change contacts.' },
    ]);

    expect(result).toEqual({
      change: 'created',
      scopes: {
        'crm.read': 'unchanged',
        'crm.contact.update': 'created',
        'tickets.read': 'unchanged',
      },
    });
    expect(again).toEqual({
      change: 'updated',
      scopes: {
        'crm.read': 'updated',
        'crm.contact.update': 'unchanged',
        'tickets.read': 'deleted',
      },
    });
    expect([...directory.scopes().keys()]).toEqual(['crm.read', 'crm.contact.update']);
    expect(directory.allowedScopes('crm-agent')).toEqual(['crm.read']);
  });

  it('when the synced catalog omits an identity-file scope no sync has named, then that scope and its holders are left alone', async () => {
    const { directory, provisioning } = seeded();

    const result = await provisioning.syncScopes([{ id: 'crm.read', description: 'Read CRM.' }]);

    expect(result).toEqual({ change: 'unchanged', scopes: { 'crm.read': 'unchanged' } });
    expect([...directory.scopes().keys()]).toEqual(['crm.read', 'tickets.read']);
    expect(directory.allowedScopes('crm-agent')).toEqual(['crm.read', 'tickets.read']);
  });

  it('when the synced catalog is unchanged, then every scope is unchanged', async () => {
    const { provisioning } = seeded();

    const result = await provisioning.syncScopes([
      { id: 'crm.read', description: 'Read CRM.' },
      { id: 'tickets.read', description: 'Read tickets.' },
    ]);

    expect(result).toEqual({
      change: 'unchanged',
      scopes: { 'crm.read': 'unchanged', 'tickets.read': 'unchanged' },
    });
  });

  it('when a catalog scope id is malformed, then VALIDATION_FAILED and the catalog is untouched', async () => {
    const { directory, provisioning } = seeded();

    await expect(
      provisioning.syncScopes([{ id: 'Bad Scope', description: '' }]),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect([...directory.scopes().keys()]).toEqual(['crm.read', 'tickets.read']);
  });
});

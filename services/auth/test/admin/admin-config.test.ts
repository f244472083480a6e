import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfigOrExit } from '@mcpgw/config';
import { adminConnectionSettings } from '../../src/admin-auth/create-admin-routes.js';
import { configSchema } from '../../src/config.js';

const KEYCLOAK = {
  AUTH_MODE: 'keycloak',
  AUTH_OIDC_ISSUER: 'https://kc.example.com/realms/mcpgw',
  AUTH_CONSOLE_CLIENT_SECRET: 'console-secret',
  AUTH_EXCHANGE_CLIENT_SECRET: 'exchange-secret',
};

/** The real startup loader with a captured stderr and an exit that throws. */
function load(env: Record<string, string>): { stderr: string; code?: number } {
  let stderr = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      stderr += chunk.toString();
      callback();
    },
  });
  try {
    loadConfigOrExit(configSchema, {
      service: 'auth',
      env,
      stderr: stream,
      exit: (code: number): never => {
        throw Object.assign(new Error('exit'), { exitCode: code });
      },
    });
    return { stderr };
  } catch (error) {
    return { stderr, code: (error as { exitCode?: number }).exitCode };
  }
}

describe('auth admin configuration', () => {
  it('when nothing is set, then the defaults apply and provisioning is off', () => {
    const config = configSchema.parse(KEYCLOAK);

    expect(config).toMatchObject({
      AUTH_KEYCLOAK_ADMIN_REALM: 'master',
      AUTH_KEYCLOAK_ADMIN_CLIENT_ID: 'admin-cli',
      AUTH_ADMIN_CALLERS: ['mcp-registry'],
    });
    expect(adminConnectionSettings(config)).toBeUndefined();
  });

  it('when a service-account client is configured, then the client-credentials login is chosen', () => {
    const config = configSchema.parse({
      ...KEYCLOAK,
      AUTH_KEYCLOAK_ADMIN_URL: 'https://kc.example.com/',
      AUTH_KEYCLOAK_ADMIN_REALM: 'mcpgw',
      AUTH_KEYCLOAK_ADMIN_CLIENT_ID: 'mcp-provisioner',
      AUTH_KEYCLOAK_ADMIN_CLIENT_SECRET: 'prov-secret',
      AUTH_KEYCLOAK_REALM: 'mcpgw',
      AUTH_ADMIN_CALLERS: 'mcp-registry, ops-bot',
    });

    expect(adminConnectionSettings(config)).toEqual({
      url: 'https://kc.example.com',
      loginRealm: 'mcpgw',
      clientId: 'mcp-provisioner',
      login: { grant: 'client_credentials', clientSecret: 'prov-secret' },
      realm: 'mcpgw',
    });
    expect(config.AUTH_ADMIN_CALLERS).toEqual(['mcp-registry', 'ops-bot']);
  });

  it('when an admin username and password are configured, then the password login is chosen', () => {
    const config = configSchema.parse({
      ...KEYCLOAK,
      AUTH_KEYCLOAK_ADMIN_URL: 'https://kc.example.com',
      AUTH_KEYCLOAK_ADMIN_USERNAME: 'admin',
      AUTH_KEYCLOAK_ADMIN_PASSWORD: 'pw',
      AUTH_KEYCLOAK_REALM: 'mcpgw',
    });

    expect(adminConnectionSettings(config)).toMatchObject({
      loginRealm: 'master',
      clientId: 'admin-cli',
      login: { grant: 'password', username: 'admin', password: 'pw' },
    });
  });

  it('when the admin settings contradict each other, then every problem is reported at once, secrets unquoted, exit 1', () => {
    const result = load({
      ...KEYCLOAK,
      AUTH_KEYCLOAK_ADMIN_URL: 'https://kc.example.com',
      AUTH_KEYCLOAK_ADMIN_CLIENT_SECRET: 'very-secret-value',
      AUTH_KEYCLOAK_ADMIN_PASSWORD: 'another-secret-value',
      AUTH_KEYCLOAK_REALM: 'other',
      AUTH_SESSION_STORE: 'mongo',
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('AUTH_KEYCLOAK_ADMIN_CLIENT_SECRET');
    expect(result.stderr).toMatch(/must not be combined/);
    expect(result.stderr).toMatch(/AUTH_KEYCLOAK_ADMIN_USERNAME[^\n]*required/);
    expect(result.stderr).toMatch(/AUTH_KEYCLOAK_REALM[^\n]*realm of AUTH_OIDC_ISSUER \(mcpgw\)/);
    expect(result.stderr).toContain('AUTH_MONGO_URI');
    expect(result.stderr).not.toContain('very-secret-value');
    expect(result.stderr).not.toContain('another-secret-value');
  });

  it('when the admin URL has no credentials and no realm, then both are reported', () => {
    const result = load({ ...KEYCLOAK, AUTH_KEYCLOAK_ADMIN_URL: 'https://kc.example.com' });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/AUTH_KEYCLOAK_ADMIN_CLIENT_SECRET[^\n]*required/);
    expect(result.stderr).toMatch(/AUTH_KEYCLOAK_REALM[^\n]*required/);
  });

  it('when admin settings are given in embedded mode or without the admin URL, then they are refused', () => {
    const embedded = load({ AUTH_KEYCLOAK_ADMIN_URL: 'https://kc.example.com' });
    const orphan = load({ ...KEYCLOAK, AUTH_KEYCLOAK_ADMIN_USERNAME: 'admin' });

    expect(embedded.code).toBe(1);
    expect(embedded.stderr).toMatch(
      /AUTH_KEYCLOAK_ADMIN_URL[^\n]*only used with AUTH_MODE=keycloak/,
    );
    expect(orphan.code).toBe(1);
    expect(orphan.stderr).toMatch(
      /AUTH_KEYCLOAK_ADMIN_USERNAME[^\n]*without AUTH_KEYCLOAK_ADMIN_URL/,
    );
  });
});

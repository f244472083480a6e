import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfigOrExit } from '@mcpgw/config';
import { configSchema } from '../src/config.js';

class ExitCalled extends Error {
  constructor(readonly code: number) {
    super(`exit(${code})`);
  }
}

/** Runs the real startup loader with a captured stderr and an exit that throws instead. */
function load(env: Record<string, string | undefined>): { stderr: string; code?: number } {
  let stderr = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      stderr += chunk.toString();
      callback();
    },
  });
  const exit = (code: number): never => {
    throw new ExitCalled(code);
  };
  try {
    loadConfigOrExit(configSchema, { service: 'auth', env, stderr: stream, exit });
    return { stderr };
  } catch (error) {
    if (error instanceof ExitCalled) return { stderr, code: error.code };
    throw error;
  }
}

describe('auth configSchema', () => {
  it('when the environment is empty, then every key has a safe default', () => {
    const config = loadConfigOrExit(configSchema, { service: 'auth', env: {} });

    expect(config).toMatchObject({
      AUTH_PORT: 7002,
      AUTH_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      TRUST_PROXY_HOPS: 0,
      HTTP_BODY_LIMIT: '1mb',
      SHUTDOWN_DRAIN_MS: 10_000,
      AUTH_MODE: 'embedded',
      AUTH_PUBLIC_URL: 'http://127.0.0.1:7002',
      AUTH_EMBEDDED_ISSUER_PATH: '/auth/realms/dev',
      AUTH_GATEWAY_RESOURCE: 'http://127.0.0.1:7003/mcp',
      AUTH_DEV_IDENTITY_FILE: 'config/dev-identity.yaml',
      AUTH_DEV_SECRETS_FILE: '.dev/identity-secrets.json',
      AUTH_ACCESS_TOKEN_TTL_SECONDS: 600,
      AUTH_ALLOW_EMBEDDED_IN_PRODUCTION: false,
    });
  });

  it('when the embedded provider settings are invalid, then reports each of them and exits 1', () => {
    const result = load({
      AUTH_MODE: 'okta',
      AUTH_PUBLIC_URL: 'not a url',
      AUTH_EMBEDDED_ISSUER_PATH: 'realms/dev',
      AUTH_ACCESS_TOKEN_TTL_SECONDS: '5',
    });

    expect(result.code).toBe(1);
    for (const key of [
      'AUTH_MODE',
      'AUTH_PUBLIC_URL',
      'AUTH_EMBEDDED_ISSUER_PATH',
      'AUTH_ACCESS_TOKEN_TTL_SECONDS',
    ])
      expect(result.stderr).toContain(key);
  });

  it('when several variables are invalid, then reports each of them and exits 1', () => {
    const result = load({
      AUTH_PORT: 'abc',
      LOG_LEVEL: 'loud',
      TRUST_PROXY_HOPS: '-3',
      HTTP_BODY_LIMIT: 'huge',
    });

    expect(result.code).toBe(1);
    for (const key of ['AUTH_PORT', 'LOG_LEVEL', 'TRUST_PROXY_HOPS', 'HTTP_BODY_LIMIT']) {
      expect(result.stderr).toContain(key);
    }
  });

  it('when the variables are valid, then returns them typed and frozen', () => {
    const config = loadConfigOrExit(configSchema, {
      service: 'auth',
      env: { AUTH_PORT: '8080', AUTH_HOST: '0.0.0.0', LOG_LEVEL: 'DEBUG', TRUST_PROXY_HOPS: '1' },
    });

    expect(config).toMatchObject({
      AUTH_PORT: 8080,
      AUTH_HOST: '0.0.0.0',
      LOG_LEVEL: 'debug',
      TRUST_PROXY_HOPS: 1,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });
});

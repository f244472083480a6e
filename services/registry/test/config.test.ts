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
    loadConfigOrExit(configSchema, { service: 'registry', env, stderr: stream, exit });
    return { stderr };
  } catch (error) {
    if (error instanceof ExitCalled) return { stderr, code: error.code };
    throw error;
  }
}

describe('registry configSchema', () => {
  it('when only the identity keys are set, then every other key has a safe default', () => {
    const config = loadConfigOrExit(configSchema, {
      service: 'registry',
      env: {
        REGISTRY_OIDC_ISSUER: 'http://127.0.0.1:7002/auth/realms/dev',
        REGISTRY_TOKEN_AUDIENCES: 'http://127.0.0.1:7003/mcp',
      },
    });

    expect(config).toMatchObject({
      REGISTRY_PORT: 7001,
      REGISTRY_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      TRUST_PROXY_HOPS: 0,
      HTTP_BODY_LIMIT: '1mb',
      SHUTDOWN_DRAIN_MS: 10_000,
    });
  });

  it('when several variables are invalid, then reports each of them and exits 1', () => {
    const result = load({
      REGISTRY_PORT: 'abc',
      LOG_LEVEL: 'loud',
      TRUST_PROXY_HOPS: '-3',
      HTTP_BODY_LIMIT: 'huge',
    });

    expect(result.code).toBe(1);
    for (const key of [
      'REGISTRY_PORT',
      'LOG_LEVEL',
      'TRUST_PROXY_HOPS',
      'HTTP_BODY_LIMIT',
      'REGISTRY_OIDC_ISSUER',
      'REGISTRY_TOKEN_AUDIENCES',
    ]) {
      expect(result.stderr).toContain(key);
    }
  });

  it('when the variables are valid, then returns them typed and frozen', () => {
    const config = loadConfigOrExit(configSchema, {
      service: 'registry',
      env: {
        REGISTRY_OIDC_ISSUER: 'http://127.0.0.1:7002/auth/realms/dev',
        REGISTRY_TOKEN_AUDIENCES: 'http://127.0.0.1:7003/mcp',
        REGISTRY_PORT: '8080',
        REGISTRY_HOST: '0.0.0.0',
        LOG_LEVEL: 'DEBUG',
        TRUST_PROXY_HOPS: '1',
      },
    });

    expect(config).toMatchObject({
      REGISTRY_PORT: 8080,
      REGISTRY_HOST: '0.0.0.0',
      LOG_LEVEL: 'debug',
      TRUST_PROXY_HOPS: 1,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('when the store is mongo without a URI or the role map is not JSON, then both are reported', () => {
    const result = load({
      REGISTRY_OIDC_ISSUER: 'http://127.0.0.1:7002/auth/realms/dev',
      REGISTRY_TOKEN_AUDIENCES: 'http://127.0.0.1:7003/mcp',
      REGISTRY_STORE: 'mongo',
      REGISTRY_GROUP_ROLE_MAP: '[not json',
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('REGISTRY_MONGO_URI');
    expect(result.stderr).toContain('REGISTRY_GROUP_ROLE_MAP');
  });
});

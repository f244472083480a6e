import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfigOrExit } from '@mcpgw/config';
import { configSchema } from '../src/config.js';
import { REQUIRED_ENV } from './support/required-env.js';

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
    loadConfigOrExit(configSchema, { service: 'gateway', env, stderr: stream, exit });
    return { stderr };
  } catch (error) {
    if (error instanceof ExitCalled) return { stderr, code: error.code };
    throw error;
  }
}

describe('gateway configSchema', () => {
  it('when only the required keys are set, then every other key has a safe default', () => {
    const config = loadConfigOrExit(configSchema, { service: 'gateway', env: { ...REQUIRED_ENV } });

    expect(config).toMatchObject({
      GATEWAY_PORT: 7003,
      GATEWAY_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      TRUST_PROXY_HOPS: 0,
      HTTP_BODY_LIMIT: '1mb',
      SHUTDOWN_DRAIN_MS: 10_000,
    });
  });

  it('when several variables are invalid, then reports each of them and exits 1', () => {
    const result = load({
      GATEWAY_PORT: 'abc',
      LOG_LEVEL: 'loud',
      TRUST_PROXY_HOPS: '-3',
      HTTP_BODY_LIMIT: 'huge',
    });

    expect(result.code).toBe(1);
    for (const key of [
      'GATEWAY_PORT',
      'LOG_LEVEL',
      'TRUST_PROXY_HOPS',
      'HTTP_BODY_LIMIT',
      'GATEWAY_OIDC_ISSUER',
      'GATEWAY_REGISTRY_URL',
      'GATEWAY_CLIENT_SECRET',
    ]) {
      expect(result.stderr).toContain(key);
    }
  });

  it('when the variables are valid, then returns them typed and frozen', () => {
    const config = loadConfigOrExit(configSchema, {
      service: 'gateway',
      env: {
        ...REQUIRED_ENV,
        GATEWAY_PORT: '8080',
        GATEWAY_HOST: '0.0.0.0',
        LOG_LEVEL: 'DEBUG',
        TRUST_PROXY_HOPS: '1',
      },
    });

    expect(config).toMatchObject({
      GATEWAY_PORT: 8080,
      GATEWAY_HOST: '0.0.0.0',
      LOG_LEVEL: 'debug',
      TRUST_PROXY_HOPS: 1,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('when audit events go to mongo without a URI, then it refuses to start naming the key', () => {
    const result = load({ ...REQUIRED_ENV, GATEWAY_AUDIT_SINK: 'mongo' });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('GATEWAY_MONGO_URI');
  });

  it('when the client secret is invalid, then its value is never printed', () => {
    const result = load({ ...REQUIRED_ENV, GATEWAY_CLIENT_SECRET: '', GATEWAY_PORT: 'x' });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('GATEWAY_CLIENT_SECRET');
    expect(result.stderr).not.toContain(REQUIRED_ENV.GATEWAY_CLIENT_SECRET);
  });

  it('when the paging and batch keys are unset, then pages of 1,000, batches of 20 and no cursor secret', () => {
    const config = loadConfigOrExit(configSchema, { service: 'gateway', env: { ...REQUIRED_ENV } });

    expect(config.GATEWAY_LIST_PAGE_SIZE).toBe(1_000);
    expect(config.GATEWAY_MAX_BATCH_SIZE).toBe(20);
    expect(config.GATEWAY_CURSOR_SECRET).toBeUndefined();
  });

  it('when the cursor secret is shorter than 32 characters, then it refuses to start without printing it', () => {
    const result = load({ ...REQUIRED_ENV, GATEWAY_CURSOR_SECRET: 'short-cursor-secret' });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('GATEWAY_CURSOR_SECRET');
    expect(result.stderr).not.toContain('short-cursor-secret');
  });
});

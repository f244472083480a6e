import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { env, loadConfigOrExit } from '@mcpgw/config';

class ExitCalled extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function harness() {
  let output = '';
  const stderr = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      output += chunk.toString();
      callback();
    },
  });
  const exit = (code: number): never => {
    throw new ExitCalled(code);
  };
  return { stderr, exit, output: () => output };
}

const schema = z.object({
  AUTH_PORT: env.port(8081).describe('Port.'),
  AUTH_ISSUER: env.url().describe('Issuer.'),
  AUTH_CLIENT_SECRET: env.secret(z.string().min(8)).describe('Client secret.'),
});

describe('loadConfigOrExit', () => {
  it('when the config is invalid, then prints a header and one line per problem and exits 1', () => {
    const { stderr, exit, output } = harness();

    const run = () =>
      loadConfigOrExit(schema, {
        service: 'auth',
        env: { AUTH_PORT: 'abc', AUTH_CLIENT_SECRET: 'short' },
        stderr,
        exit,
      });

    expect(run).toThrow(new ExitCalled(1));
    expect(output()).toBe(
      [
        'auth: invalid configuration, refusing to start (3 problems):',
        '  - AUTH_PORT: must be a whole number',
        '  - AUTH_ISSUER: is required',
        '  - AUTH_CLIENT_SECRET: Too small: expected string to have >=8 characters',
        '',
      ].join('\n'),
    );
    expect(output()).not.toContain('short');
  });

  it('when the config is valid, then returns it without writing or exiting', () => {
    const { stderr, exit, output } = harness();

    const config = loadConfigOrExit(schema, {
      service: 'auth',
      env: { AUTH_ISSUER: 'http://localhost:8080/realms/mcp', AUTH_CLIENT_SECRET: 'long-enough' },
      stderr,
      exit,
    });

    expect(config.AUTH_PORT).toBe(8081);
    expect(output()).toBe('');
  });
});

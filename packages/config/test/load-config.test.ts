import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, env, loadConfig } from '@mcpgw/config';

const schema = z.object({
  SVC_PORT: env.port(8080).describe('Port to listen on.'),
  SVC_DEBUG: env.bool(false).describe('Verbose mode.'),
  SVC_ORIGINS: env.list().default([]).describe('Allowed origins.'),
  SVC_ISSUER: env.url().describe('OIDC issuer URL.'),
  SVC_LOG_LEVEL: env.logLevel().describe('Log level.'),
  SVC_CLIENT_SECRET: env.secret(z.string().min(32)).describe('OAuth client secret.'),
});

const valid = {
  SVC_ISSUER: 'https://idp.example.com/realms/mcp',
  SVC_CLIENT_SECRET: 'x'.repeat(32),
};

function issuesOf(action: () => unknown): ConfigError['issues'] {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('when only required keys are set, then defaults fill the rest', () => {
    const config = loadConfig(schema, valid);

    expect(config).toEqual({
      SVC_PORT: 8080,
      SVC_DEBUG: false,
      SVC_ORIGINS: [],
      SVC_ISSUER: valid.SVC_ISSUER,
      SVC_LOG_LEVEL: 'info',
      SVC_CLIENT_SECRET: valid.SVC_CLIENT_SECRET,
    });
  });

  it('when three keys are bad, then all three are reported at once by variable name', () => {
    const issues = issuesOf(() =>
      loadConfig(schema, {
        ...valid,
        SVC_PORT: '70000',
        SVC_DEBUG: 'maybe',
        SVC_ISSUER: 'ftp://x',
      }),
    );

    expect(issues).toEqual([
      { key: 'SVC_PORT', message: 'must be at most 65535' },
      { key: 'SVC_DEBUG', message: 'must be one of true, false, 1, 0, yes, no' },
      { key: 'SVC_ISSUER', message: 'must be an absolute http(s) URL' },
    ]);
  });

  it('when a required key is missing or empty, then it is reported as required', () => {
    const issues = issuesOf(() => loadConfig(schema, { SVC_ISSUER: '  ' }));

    expect(issues).toEqual([
      { key: 'SVC_ISSUER', message: 'is required' },
      { key: 'SVC_CLIENT_SECRET', message: 'is required' },
    ]);
  });

  it('when an empty string is given for a defaulted key, then the default applies', () => {
    expect(loadConfig(schema, { ...valid, SVC_PORT: '' }).SVC_PORT).toBe(8080);
  });

  it('when the result is mutated, then strict mode throws and the value is unchanged', () => {
    const config = loadConfig(schema, { ...valid, SVC_ORIGINS: 'https://a' });

    expect(() => {
      (config as { SVC_PORT: number }).SVC_PORT = 1;
    }).toThrow(TypeError);
    expect(() => (config.SVC_ORIGINS as string[]).push('https://evil')).toThrow(TypeError);
    expect(config.SVC_PORT).toBe(8080);
  });

  it('when unknown variables are present, then they are ignored', () => {
    const config = loadConfig(schema, { ...valid, PATH: '/bin', SVC_UNKNOWN: 'x' });

    expect(config).not.toHaveProperty('PATH');
    expect(config).not.toHaveProperty('SVC_UNKNOWN');
  });

  it('when a secret is invalid, then the issue never contains its value', () => {
    const leaked = 'sup3r-secret-value';
    const refined = z.object({
      SVC_TOKEN: env.secret(
        z.string().refine((v) => v.startsWith('tok_'), {
          error: (issue) => `expected tok_ prefix, got ${String(issue.input)}`,
        }),
      ),
    });

    const issues = issuesOf(() => loadConfig(refined, { SVC_TOKEN: leaked }));

    expect(issues).toEqual([{ key: 'SVC_TOKEN', message: 'expected tok_ prefix, got [hidden]' }]);
  });

  it('when loading fails, then the thrown error is CONFIG_INVALID and names keys, not values', () => {
    const action = () => loadConfig(schema, { ...valid, SVC_CLIENT_SECRET: 'too-short-secret' });

    expect(action).toThrow(ConfigError);
    expect(action).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', status: 500 }));
    expect(action).toThrow(/^Invalid configuration: SVC_CLIENT_SECRET: Too small/);
    expect(action).not.toThrow(/too-short-secret/);
    expect(issuesOf(action)).toHaveLength(1);
  });
});

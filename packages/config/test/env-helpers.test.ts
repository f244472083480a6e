import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { env, loadConfig } from '@mcpgw/config';

function parse<T extends z.ZodType>(field: T, raw: string | undefined): unknown {
  return (loadConfig(z.object({ KEY: field }), { KEY: raw }) as Record<string, unknown>)['KEY'];
}

function problem<T extends z.ZodType>(field: T, raw: string): string | undefined {
  try {
    parse(field, raw);
    return undefined;
  } catch (error) {
    return (error as { issues: Array<{ message: string }> }).issues[0]?.message;
  }
}

describe('env.bool', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['Yes', true],
    ['false', false],
    ['0', false],
    ['no', false],
    [' NO ', false],
  ])('when given %j, then parses to %s', (raw, expected) => {
    expect(parse(env.bool(!expected), raw)).toBe(expected);
  });

  it('when given anything else, then reports an issue instead of guessing', () => {
    expect(problem(env.bool(false), 'on')).toBe('must be one of true, false, 1, 0, yes, no');
  });
});

describe('env.port', () => {
  it('when given a valid port, then coerces it to a number', () => {
    expect(parse(env.port(80), '8443')).toBe(8443);
  });

  it.each([
    ['0', 'must be at least 1'],
    ['65536', 'must be at most 65535'],
    ['80a', 'must be a whole number'],
    ['8.5', 'must be a whole number'],
  ])('when given %j, then reports %j', (raw, message) => {
    expect(problem(env.port(80), raw)).toBe(message);
  });
});

describe('env.int', () => {
  it('when outside the given bounds, then reports the bound', () => {
    expect(problem(env.int(5, { min: 1, max: 10 }), '11')).toBe('must be at most 10');
  });

  it('when unset, then uses the default', () => {
    expect(parse(env.int(5, { min: 1 }), undefined)).toBe(5);
  });
});

describe('env.list', () => {
  it('when given a comma-separated value, then trims entries and drops empty ones', () => {
    expect(parse(env.list(), ' a, b ,,c ,')).toEqual(['a', 'b', 'c']);
  });

  it('when unset and not defaulted, then it is required', () => {
    expect(() => parse(env.list(), undefined)).toThrow(/KEY: is required/);
  });
});

describe('env.url', () => {
  it('when given an absolute https URL, then accepts it', () => {
    expect(parse(env.url(), 'https://registry.internal:8443/api')).toBe(
      'https://registry.internal:8443/api',
    );
  });

  it.each(['/relative', 'ftp://host/file', 'not a url'])(
    'when given %j, then rejects it',
    (raw) => {
      expect(problem(env.url(), raw)).toBe('must be an absolute http(s) URL');
    },
  );
});

describe('env.logLevel', () => {
  it('when unset, then defaults to info', () => {
    expect(parse(env.logLevel(), undefined)).toBe('info');
  });

  it('when given an upper-case level, then normalizes it', () => {
    expect(parse(env.logLevel(), 'DEBUG')).toBe('debug');
  });

  it('when given an unknown level, then lists the allowed ones', () => {
    expect(problem(env.logLevel(), 'trace')).toBe('must be one of error, warn, info, debug');
  });
});

import { describe, expect, it } from 'vitest';
import {
  invalidateCredentials,
  resolveCredentialHeaders,
} from '../../src/domain/credentials/resolve-credential-headers.js';
import {
  SecretUnavailableError,
  type SecretSource,
} from '../../src/domain/credentials/secret-source.js';

function mapSource(values: Record<string, string>): SecretSource & { invalidated: string[] } {
  const invalidated: string[] = [];
  return {
    invalidated,
    get: async (ref) => {
      const value = values[ref];
      if (value === undefined) throw new SecretUnavailableError(ref);
      return value;
    },
    invalidate: (ref) => void invalidated.push(ref),
  };
}

describe('resolveCredentialHeaders', () => {
  it('when a template names {{secret}}, then the header carries the rendered value under a lower-case name', async () => {
    const headers = await resolveCredentialHeaders(
      [{ source: 'arn:crm', header: 'Authorization', template: 'Bearer {{secret}}' }],
      mapSource({ 'arn:crm': 's3cr3t' }),
    );
    expect(headers).toEqual({ authorization: 'Bearer s3cr3t' });
  });

  it('when the template repeats the placeholder, then every occurrence is replaced', async () => {
    const headers = await resolveCredentialHeaders(
      [{ source: 'env:K', header: 'X-Pair', template: '{{secret}}:{{secret}}' }],
      mapSource({ 'env:K': 'v' }),
    );
    expect(headers['x-pair']).toBe('v:v');
  });

  it('when the secret contains $& or $1, then it is inserted literally, not as a replace pattern', async () => {
    const headers = await resolveCredentialHeaders(
      [{ source: 'env:K', header: 'X-Key', template: 'Key {{secret}}' }],
      mapSource({ 'env:K': 'a$&b$1c' }),
    );
    expect(headers['x-key']).toBe('Key a$&b$1c');
  });

  it('when jsonKey is set, then only that field of the JSON secret is used', async () => {
    const headers = await resolveCredentialHeaders(
      [{ source: 'arn:json', jsonKey: 'apiKey', header: 'X-Api-Key', template: '{{secret}}' }],
      mapSource({ 'arn:json': JSON.stringify({ apiKey: 'k-123', other: 'never-used' }) }),
    );
    expect(headers).toEqual({ 'x-api-key': 'k-123' });
  });

  it.each([
    ['not JSON', 'plain-text-secret'],
    ['a JSON array', '["k-123"]'],
    ['JSON null', 'null'],
    ['the key missing', '{"other":"x"}'],
    ['a non-string value', '{"apiKey":42}'],
  ])(
    'when jsonKey is set and the secret is %s, then it fails naming the reference only',
    async (_, raw) => {
      const refs = [
        { source: 'arn:json', jsonKey: 'apiKey', header: 'X-Api-Key', template: '{{secret}}' },
      ];
      const error = await resolveCredentialHeaders(refs, mapSource({ 'arn:json': raw })).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SecretUnavailableError);
      expect((error as Error).message).toBe('secret arn:json is unavailable');
      expect((error as Error).message).not.toContain(raw);
    },
  );

  it.each([
    ['CR', 'abc\rdef'],
    ['LF', 'abc\nX-Injected: 1'],
    ['CRLF', 'abc\r\nX-Injected: 1'],
    ['NUL', 'abc\0def'],
  ])(
    'when the secret contains %s, then it is refused instead of splitting headers',
    async (_, value) => {
      const error = await resolveCredentialHeaders(
        [{ source: 'env:K', header: 'Authorization', template: 'Bearer {{secret}}' }],
        mapSource({ 'env:K': value }),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SecretUnavailableError);
      expect((error as Error).message).not.toContain('abc');
    },
  );

  it('when a JSON field contains a line break, then it is refused too', async () => {
    const error = await resolveCredentialHeaders(
      [{ source: 'arn:json', jsonKey: 'k', header: 'X-K', template: '{{secret}}' }],
      mapSource({ 'arn:json': JSON.stringify({ k: 'a\r\nb' }) }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretUnavailableError);
  });

  it('when several references are given, then each header is rendered from its own secret', async () => {
    const headers = await resolveCredentialHeaders(
      [
        { source: 'arn:a', header: 'Authorization', template: 'Bearer {{secret}}' },
        { source: 'arn:b', jsonKey: 'tenant', header: 'X-Tenant', template: '{{secret}}' },
      ],
      mapSource({ 'arn:a': 'tok', 'arn:b': '{"tenant":"acme"}' }),
    );
    expect(headers).toEqual({ authorization: 'Bearer tok', 'x-tenant': 'acme' });
  });

  it('when there are no references, then no headers are produced', async () => {
    expect(await resolveCredentialHeaders([], mapSource({}))).toEqual({});
  });
});

describe('invalidateCredentials', () => {
  it('when called, then every reference of the route is invalidated', () => {
    const source = mapSource({});
    invalidateCredentials(
      [
        { source: 'arn:a', header: 'A', template: '{{secret}}' },
        { source: 'arn:b', header: 'B', template: '{{secret}}' },
      ],
      source,
    );
    expect(source.invalidated).toEqual(['arn:a', 'arn:b']);
  });
});

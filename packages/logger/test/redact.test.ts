import { describe, expect, it } from 'vitest';
import { redact, REDACTED } from '@mcpgw/logger';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtMTIz';

describe('redact', () => {
  it('when keys name credentials in any spelling, then their values are replaced', () => {
    const input = {
      authorization: 'Basic dXNlcjpwYXNz',
      Cookie: 'sid=1',
      'set-cookie': ['a=b'],
      access_token: 'at',
      id_token: 'it',
      clientSecret: 'cs',
      password: 'pw',
      'api-key': 'k1',
      api_key: 'k2',
      apikey: 'k3',
      credentials: { user: 'u' },
      privateKey: '-----BEGIN',
      private_key: '-----BEGIN',
      username: 'alice',
    };

    const output = redact(input);

    expect(output).toEqual({
      ...Object.fromEntries(Object.keys(input).map((key) => [key, REDACTED])),
      username: 'alice',
    });
  });

  it('when a key references a secret by ARN, then the reference stays visible', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123:secret:crm';

    expect(redact({ secretArn: arn })).toEqual({ secretArn: arn });
  });

  it('when strings embed bearer tokens, JWTs or credential query parameters, then those parts are masked', () => {
    const output = redact([
      'header was Bearer abc123',
      `id ${JWT} seen`,
      'https://app/cb?code=xyz&state=ok',
    ]);

    expect(output).toEqual([
      `header was Bearer ${REDACTED}`,
      `id ${REDACTED} seen`,
      `https://app/cb?code=${REDACTED}&state=ok`,
    ]);
  });

  it('when an object is shared twice but not cyclic, then both copies are kept', () => {
    const shared = { a: 1 };

    expect(redact({ x: shared, y: shared })).toEqual({ x: { a: 1 }, y: { a: 1 } });
  });

  it('when nesting is deeper than the bound, then the rest is truncated instead of walked', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 50; i += 1) deep = { next: deep };

    expect(JSON.stringify(redact(deep))).toContain('[Truncated]');
  });

  it('when an error has a cause, then the cause is serialized too and redacted', () => {
    const err = new Error('outer', { cause: new Error(`inner ${JWT}`) });

    const output = redact({ err }) as unknown as { err: { cause: { message: string } } };

    expect(output.err.cause.message).toBe(`inner ${REDACTED}`);
  });

  it('when an error carries the raw request body, then the body is not copied', () => {
    const err = Object.assign(new Error('parse failed'), { body: '{"password":"hunter2"' });

    expect(JSON.stringify(redact(err))).not.toContain('hunter2');
  });

  it('when values are dates, maps, bigints or buffers, then they become JSON-friendly', () => {
    const output = redact({
      at: new Date(0),
      map: new Map([['token', 't']]),
      big: 10n,
      buf: Buffer.from('abc'),
    });

    expect(output).toEqual({
      at: '1970-01-01T00:00:00.000Z',
      map: { token: REDACTED },
      big: '10',
      buf: '[Binary 3 bytes]',
    });
  });
});

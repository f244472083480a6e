import { describe, expect, it } from 'vitest';
import { REDACTED, scrubDetails } from '../../src/domain/audit/scrub-details.js';

/** The rule as first written: a JSON round trip with a masking reviver. */
function roundTrip(details: Record<string, unknown>): unknown {
  const sensitive = (key: string) => {
    const normalized = key.toLowerCase().replace(/[-_.\s]/g, '');
    if (['arn', 'ref', 'reference'].some((suffix) => normalized.endsWith(suffix))) return false;
    return ['authorization', 'cookie', 'token', 'secret', 'password', 'passwd', 'apikey']
      .concat(['credential', 'privatekey'])
      .some((part) => normalized.includes(part));
  };
  return JSON.parse(JSON.stringify(details), (key: string, value: unknown) => {
    if (key !== '' && sensitive(key)) return REDACTED;
    if (typeof value === 'string' && (value.includes('eyJ') || /bearer|basic/i.test(value))) {
      return value
        .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`)
        .replace(/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED);
    }
    return value;
  });
}

const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJl';
class Custom {
  kept = 'own field';
}
const sparse: unknown[] = [1];
sparse[3] = 'four';

const cases: Array<[string, Record<string, unknown>]> = [
  ['flat hot-path details', { route: '/mcp', httpStatus: 200, latencyMs: 3, era: 'modern' }],
  [
    'secret-named keys at any depth',
    {
      headers: { authorization: `Bearer ${jwt}`, 'x-api-key': 'k', Cookie: 'c' },
      accessToken: { nested: ['a', { deep: 1 }] },
      credentialRef: 'arn:aws:secretsmanager:eu-west-1:1:secret:x',
      list: [{ password: 'p' }],
    },
  ],
  ['bearer and JWT text in values', { error: `upstream said: Bearer ${jwt} and basic abc==` }],
  [
    'values JSON drops or rewrites',
    {
      gone: undefined,
      fn: () => 1,
      sym: Symbol('s'),
      nan: Number.NaN,
      inf: Number.NEGATIVE_INFINITY,
      negZero: -0,
      arr: [undefined, () => 1, Symbol('x'), Number.NaN],
      sparse,
    },
  ],
  [
    'objects only the round trip understands',
    {
      when: new Date('2026-03-01T10:00:00.000Z'),
      custom: new Custom(),
      map: new Map([['a', 1]]),
      boxed: new String('boxed'),
      withToJson: { toJSON: () => ({ replaced: `Bearer ${jwt}` }) },
    },
  ],
  [
    'a __proto__ key',
    JSON.parse('{"__proto__":{"polluted":true},"ok":1}') as Record<string, unknown>,
  ],
  ['a null-prototype object', Object.assign(Object.create(null) as object, { a: 'b' })],
];

describe('scrubDetails', () => {
  it.each(cases)(
    'when details hold %s, then the copy equals the JSON round trip',
    (_n, details) => {
      const scrubbed = scrubDetails(details);

      expect(scrubbed).toStrictEqual(roundTrip(details));
      expect(JSON.stringify(scrubbed)).toBe(JSON.stringify(roundTrip(details)));
    },
  );

  it('when details hold secrets, then the caller object is left untouched', () => {
    const details = { token: 'opaque', nested: { note: `Bearer ${jwt}` } };

    scrubDetails(details);

    expect(details).toEqual({ token: 'opaque', nested: { note: `Bearer ${jwt}` } });
  });

  it.each([
    ['a bigint', { n: 10n }],
    ['a bigint under a secret key', { secret: { n: 10n } }],
  ])('when details hold %s, then it throws as the round trip does', (_n, details) => {
    expect(() => scrubDetails(details)).toThrow(TypeError);
  });

  it('when details contain a cycle, then it throws as the round trip does', () => {
    const details: Record<string, unknown> = { a: 1 };
    details['self'] = details;

    expect(() => scrubDetails(details)).toThrow(TypeError);
  });
});

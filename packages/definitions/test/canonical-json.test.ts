import { describe, expect, it } from 'vitest';
import { canonicalJson, definitionHash } from '@mcpgw/definitions';

describe('canonicalJson', () => {
  it('when keys are unordered, then sorts them at every level without whitespace', () => {
    const value = { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } };

    expect(canonicalJson(value)).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('when keys contain non-ASCII characters, then orders them by UTF-16 code units', () => {
    // '\u{1F600}' is the surrogate pair D83D DE00, which sorts before U+FB01 (ﬁ) in code units
    // although its code point is higher; 'é' (U+00E9) sorts after 'z'.
    const value = { ﬁ: 1, '\u{1F600}': 2, é: 3, z: 4, Z: 5 };

    expect(canonicalJson(value)).toBe('{"Z":5,"z":4,"é":3,"\u{1F600}":2,"ﬁ":1}');
  });

  it('when numbers need ECMAScript formatting, then prints them as RFC 8785 requires', () => {
    expect(canonicalJson([1.0, -0, 1e21, 1e-7, 0.1 + 0.2, 123456789012345680000, -1.5e-10])).toBe(
      '[1,0,1e+21,1e-7,0.30000000000000004,123456789012345680000,-1.5e-10]',
    );
  });

  it('when strings hold control characters and Unicode, then escapes only what JSON requires', () => {
    expect(canonicalJson({ s: 'a\u0000\n"\\/é€\u{1F600}\u2028' })).toBe(
      '{"s":"a\\u0000\\n\\"\\\\/é€\u{1F600}\u2028"}',
    );
  });

  it('when an object property is undefined, then drops it', () => {
    expect(canonicalJson({ a: undefined, b: 2, c: [undefined] })).toBe('{"b":2,"c":[null]}');
  });

  it.each([NaN, Infinity, -Infinity])('when a number is %s, then throws a TypeError', (n) => {
    expect(() => canonicalJson({ schema: { default: n } })).toThrow(TypeError);
  });

  it('when the value is a bigint, a function or cyclic, then throws a TypeError', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;

    expect(() => canonicalJson({ n: 10n })).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
    expect(() => canonicalJson(cyclic)).toThrow(/cycle/);
  });

  it('when the same object appears twice without a cycle, then serializes both', () => {
    const shared = { type: 'string' };

    expect(canonicalJson({ a: shared, b: shared })).toBe(
      '{"a":{"type":"string"},"b":{"type":"string"}}',
    );
  });
});

describe('definitionHash', () => {
  const tool = {
    name: 'get_contact',
    description: 'Get a contact.',
    inputSchema: {
      type: 'object',
      properties: { id: { type: 'string', description: 'Contact id' } },
      required: ['id'],
    },
  };

  it('when keys are reordered, then the hash is the same', () => {
    const reordered = {
      inputSchema: {
        required: ['id'],
        properties: { id: { description: 'Contact id', type: 'string' } },
        type: 'object',
      },
      description: 'Get a contact.',
      name: 'get_contact',
    };

    expect(definitionHash(reordered)).toBe(definitionHash(tool));
    expect(definitionHash(tool)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('when the canonical form is known, then the hash is its SHA-256', () => {
    // sha256('{"a":1}') computed independently (printf '{"a":1}' | sha256sum).
    expect(definitionHash({ a: 1.0 })).toBe(
      'sha256:015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862',
    );
  });

  it.each([
    ['a nested description', (t: typeof tool) => (t.inputSchema.properties.id.description += '.')],
    ['a nested type', (t: typeof tool) => (t.inputSchema.properties.id.type = 'number')],
    ['a required entry', (t: typeof tool) => t.inputSchema.required.push('extra')],
    ['an invisible character', (t: typeof tool) => (t.description += '\u200B')],
  ])('when %s changes, then the hash changes', (_what, mutate) => {
    const changed = structuredClone(tool);
    mutate(changed);

    expect(definitionHash(changed)).not.toBe(definitionHash(tool));
  });
});

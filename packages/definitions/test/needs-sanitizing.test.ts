import { describe, expect, it } from 'vitest';
import { needsSanitizing, sanitizeDefinition } from '@mcpgw/definitions';

const DIRTY_SAMPLES = [
  'plain\u200Bzero width',
  'bidi \u202Eevil',
  'tag \u{E0041}\u{E0042}',
  'ansi \u001B[31mred',
  'c1 \u009B31m',
  'control \u0007 bell',
  'lone \r carriage return',
  'selector a\uFE0F',
  'soft\u00ADhyphen',
  'bom \uFEFF',
];

describe('needsSanitizing', () => {
  it('when a definition holds any character the sanitizer removes, then it says so', () => {
    for (const text of DIRTY_SAMPLES) {
      const definition = { name: 't', inputSchema: { properties: { q: { description: text } } } };
      expect(needsSanitizing(definition), JSON.stringify(text)).toBe(true);
      expect(sanitizeDefinition(definition)).not.toEqual(definition);
    }
  });

  it('when a suspicious character hides in a property name or an enum, then it is found', () => {
    expect(needsSanitizing({ properties: { ['a\u200Bb']: {} } })).toBe(true);
    expect(needsSanitizing({ enum: ['ok', 'x\u2066y'] })).toBe(true);
  });

  it('when a definition is clean text in any script, then it is left as is', () => {
    const clean = {
      name: 'get_contact',
      description: 'Café résumé 東京 Привет 🇫🇷 tab\tnewline\n',
      inputSchema: { type: 'object', properties: { id: { type: 'string', enum: ['a', 'b'] } } },
      annotations: { readOnlyHint: true },
    };
    expect(needsSanitizing(clean)).toBe(false);
    expect(sanitizeDefinition(clean)).toEqual(clean);
  });

  it('when text only looks suspicious (emoji joiners, CRLF), then the full sanitizer keeps it', () => {
    // The pre-check is a superset: these take the slow path, which keeps legitimate sequences.
    const joined = { description: 'dev 👩‍💻 line\r\nend' };
    expect(needsSanitizing(joined)).toBe(true);
    expect(sanitizeDefinition(joined)).toEqual(joined);
  });
});

import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@mcpgw/definitions';
import {
  canonicalEventJson,
  type AuditDraft,
} from '../../src/domain/audit/canonical-event-json.js';

const base: AuditDraft = {
  id: 'e-1',
  at: '2026-03-01T10:00:00.000Z',
  source: 'gateway',
  instance: 'gw-1',
  seq: 7,
  prevHash: 'sha256:abc',
  action: 'mcp.tools/call',
  actor: { subject: 'agent-a' },
  target: {},
  outcome: 'success',
};

const variants: Array<[string, AuditDraft]> = [
  ['only the required members', base],
  [
    'every optional member',
    {
      ...base,
      actor: { subject: 'u', clientId: 'c', userId: 'x' },
      target: { serverId: 's', tool: 't', resource: 'r://1' },
      decision: 'require_approval',
      reasons: ['policy p1', 'missing scope'],
      requestId: 'req-1',
      details: { route: '/mcp', httpStatus: 200, latencyMs: 3, era: 'modern' },
    },
  ],
  [
    'nested details with arrays, nulls and awkward numbers',
    {
      ...base,
      details: {
        zeta: [1, 'two', null, { b: true, a: false }, [0.1, 1e21, -1.5e-7]],
        alpha: { nested: { deeper: 'x' } },
        Upper: 1,
        _under: 2,
      },
    },
  ],
  [
    'strings that need escaping, non-ASCII and a lone surrogate',
    {
      ...base,
      action: 'mcp.tools/call "quoted" \\ back\nline',
      actor: { subject: 'ägent-☃-😀', clientId: 'bad \ud800 half' },
      details: { ключ: 'значение', é: 'e', e: '\u0000\u001f' },
    },
  ],
  ['an empty reasons list and empty details', { ...base, reasons: [], details: {} }],
];

describe('canonicalEventJson', () => {
  it.each(variants)(
    'when the draft has %s, then the text equals the generic canonical JSON',
    (_name, draft) => {
      expect(canonicalEventJson(draft)).toBe(canonicalJson(draft));
    },
  );

  it('when an optional member is present but undefined, then it is skipped as canonicalJson does', () => {
    const draft = { ...base, decision: undefined, requestId: undefined } as AuditDraft;

    expect(canonicalEventJson(draft)).toBe(canonicalJson(draft));
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 10n])(
    'when details hold %s, which JSON cannot represent, then it throws',
    (value) => {
      expect(() => canonicalEventJson({ ...base, details: { value } })).toThrow(TypeError);
    },
  );
});

import { describe, expect, it } from 'vitest';
import type { ArgumentConstraint } from '@mcpgw/policy';
import { aContext, aPolicy, decideWith } from './fixtures.js';

type Outcome = 'match' | 'no_match' | 'unknown';

/**
 * Reads a constraint's outcome from two decisions: a deny applies on match or unknown (fail
 * closed), an allow (under default deny) applies on match only.
 */
function outcome(
  constraint: ArgumentConstraint,
  args: Record<string, unknown> | undefined,
): Outcome {
  const context = aContext({ arguments: args });
  const conditions = { arguments: [constraint] };
  const denied =
    decideWith([aPolicy({ effect: 'deny', conditions })], { context }).effect === 'deny';
  const allowed =
    decideWith(
      [aPolicy({ effect: 'allow', conditions })],
      { context },
      { defaultWhenScopesHeld: 'deny' },
    ).effect === 'allow';
  if (allowed && denied) return 'match';
  if (!allowed && denied) return 'unknown';
  if (!allowed && !denied) return 'no_match';
  throw new Error('an allow applied where a deny did not');
}

const cases: Array<[string, ArgumentConstraint, Record<string, unknown>, Outcome]> = [
  ['eq equal string', { path: 'mode', op: 'eq', value: 'dry-run' }, { mode: 'dry-run' }, 'match'],
  ['eq other string', { path: 'mode', op: 'eq', value: 'dry-run' }, { mode: 'live' }, 'no_match'],
  ['eq absent', { path: 'mode', op: 'eq', value: 'dry-run' }, {}, 'no_match'],
  ['eq number vs string', { path: 'n', op: 'eq', value: 1 }, { n: '1' }, 'no_match'],
  [
    'eq deep object, keys reordered',
    { path: 'o', op: 'eq', value: { a: 1, b: [1, 2] } },
    { o: { b: [1, 2], a: 1 } },
    'match',
  ],
  ['eq deep array differs', { path: 'o', op: 'eq', value: [1, 2] }, { o: [2, 1] }, 'no_match'],
  ['eq null', { path: 'x', op: 'eq', value: null }, { x: null }, 'match'],
  ['neq other', { path: 'mode', op: 'neq', value: 'sandbox' }, { mode: 'live' }, 'match'],
  ['neq same', { path: 'mode', op: 'neq', value: 'sandbox' }, { mode: 'sandbox' }, 'no_match'],
  ['neq absent', { path: 'mode', op: 'neq', value: 'sandbox' }, {}, 'match'],
  ['in listed', { path: 'region', op: 'in', value: ['eu', 'us'] }, { region: 'eu' }, 'match'],
  [
    'in not listed',
    { path: 'region', op: 'in', value: ['eu', 'us'] },
    { region: 'apac' },
    'no_match',
  ],
  ['in absent', { path: 'region', op: 'in', value: ['eu'] }, {}, 'no_match'],
  ['not_in listed', { path: 'region', op: 'not_in', value: ['eu'] }, { region: 'eu' }, 'no_match'],
  ['not_in not listed', { path: 'region', op: 'not_in', value: ['eu'] }, { region: 'us' }, 'match'],
  ['not_in absent', { path: 'region', op: 'not_in', value: ['eu'] }, {}, 'match'],
  [
    'matches hit',
    { path: 'email', op: 'matches', value: '*@example.com' },
    { email: 'a@example.com' },
    'match',
  ],
  [
    'matches miss',
    { path: 'email', op: 'matches', value: '*@example.com' },
    { email: 'a@evil.com' },
    'no_match',
  ],
  [
    'matches star crosses slash',
    { path: 'p', op: 'matches', value: '/tmp/*' },
    { p: '/tmp/a/b' },
    'match',
  ],
  ['matches question mark', { path: 'c', op: 'matches', value: 'a?c' }, { c: 'abc' }, 'match'],
  ['matches is not a regex', { path: 'c', op: 'matches', value: 'a.c' }, { c: 'abc' }, 'no_match'],
  ['matches absent', { path: 'email', op: 'matches', value: '*' }, {}, 'no_match'],
  ['matches wrong type', { path: 'email', op: 'matches', value: '*' }, { email: 42 }, 'unknown'],
  ['max below', { path: 'amount', op: 'max', value: 100 }, { amount: 99.5 }, 'match'],
  ['max equal', { path: 'amount', op: 'max', value: 100 }, { amount: 100 }, 'match'],
  ['max above', { path: 'amount', op: 'max', value: 100 }, { amount: 101 }, 'no_match'],
  ['max absent', { path: 'amount', op: 'max', value: 100 }, {}, 'no_match'],
  ['max string number', { path: 'amount', op: 'max', value: 100 }, { amount: '5' }, 'unknown'],
  ['min above', { path: 'amount', op: 'min', value: 1000 }, { amount: 5000 }, 'match'],
  ['min equal', { path: 'amount', op: 'min', value: 1000 }, { amount: 1000 }, 'match'],
  ['min below', { path: 'amount', op: 'min', value: 1000 }, { amount: 999 }, 'no_match'],
  ['min absent', { path: 'amount', op: 'min', value: 1000 }, {}, 'no_match'],
  ['min wrong type', { path: 'amount', op: 'min', value: 1000 }, { amount: '5000' }, 'unknown'],
  ['max_length string within', { path: 'q', op: 'max_length', value: 3 }, { q: 'abc' }, 'match'],
  ['max_length string over', { path: 'q', op: 'max_length', value: 3 }, { q: 'abcd' }, 'no_match'],
  [
    'max_length array within',
    { path: 'ids', op: 'max_length', value: 2 },
    { ids: [1, 2] },
    'match',
  ],
  [
    'max_length array over',
    { path: 'ids', op: 'max_length', value: 2 },
    { ids: [1, 2, 3] },
    'no_match',
  ],
  ['max_length absent', { path: 'q', op: 'max_length', value: 3 }, {}, 'no_match'],
  ['max_length wrong type', { path: 'q', op: 'max_length', value: 3 }, { q: 12 }, 'unknown'],
  ['exists present', { path: 'force', op: 'exists' }, { force: false }, 'match'],
  ['exists null counts', { path: 'force', op: 'exists' }, { force: null }, 'match'],
  ['exists absent', { path: 'force', op: 'exists' }, {}, 'no_match'],
  ['not_exists absent', { path: 'force', op: 'not_exists' }, {}, 'match'],
  ['not_exists present', { path: 'force', op: 'not_exists' }, { force: true }, 'no_match'],
  [
    'nested path',
    { path: 'filter.owner.id', op: 'eq', value: 7 },
    { filter: { owner: { id: 7 } } },
    'match',
  ],
  [
    'nested path through a scalar',
    { path: 'filter.owner.id', op: 'exists' },
    { filter: 'x' },
    'no_match',
  ],
  [
    'array index path',
    { path: 'items.1.sku', op: 'eq', value: 'B' },
    { items: [{ sku: 'A' }, { sku: 'B' }] },
    'match',
  ],
  ['array index out of range', { path: 'items.5', op: 'exists' }, { items: [1] }, 'no_match'],
  [
    'non-numeric index into array',
    { path: 'items.length', op: 'exists' },
    { items: [1] },
    'no_match',
  ],
  ['inherited property is absent', { path: 'toString', op: 'exists' }, {}, 'no_match'],
];

describe('decide argument conditions', () => {
  for (const [label, constraint, args, expected] of cases) {
    it(`when ${label}, then the constraint outcome is ${expected}`, () => {
      expect(outcome(constraint, args)).toBe(expected);
    });
  }

  it('when arguments are not known (undefined), then every op is unknown: denies apply, allows do not', () => {
    for (const constraint of cases.map(([, c]) => c)) {
      expect(outcome(constraint, undefined), JSON.stringify(constraint)).toBe('unknown');
    }
  });

  it('when several constraints are given, then all must hold', () => {
    const conditions = {
      arguments: [
        { path: 'amount', op: 'max', value: 100 },
        { path: 'currency', op: 'in', value: ['EUR'] },
      ] satisfies ArgumentConstraint[],
    };
    const decide = (args: Record<string, unknown>) =>
      decideWith(
        [aPolicy({ conditions })],
        { context: aContext({ arguments: args }) },
        { defaultWhenScopesHeld: 'deny' },
      ).effect;
    expect(decide({ amount: 50, currency: 'EUR' })).toBe('allow');
    expect(decide({ amount: 50, currency: 'USD' })).toBe('deny');
    expect(decide({ amount: 500, currency: 'EUR' })).toBe('deny');
  });

  it('when a deny on large amounts exists, then a string amount does not slip past it', () => {
    const deny = aPolicy({
      id: 'big',
      effect: 'deny',
      conditions: { arguments: [{ path: 'amount', op: 'min', value: 1000 }] },
    });
    const context = aContext({ arguments: { amount: '5000' } });
    expect(decideWith([deny, aPolicy({ id: 'ok' })], { context }).matchedPolicies).toEqual(['big']);
  });
});

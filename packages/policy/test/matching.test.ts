import { describe, expect, it } from 'vitest';
import { compileTargetGlob, targetGlobProblem, wildcardMatch } from '@mcpgw/policy';

describe('wildcardMatch', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything/at all', true],
    ['a*c', 'abbbc', true],
    ['a*c', 'abbbd', false],
    ['a?c', 'ac', false],
    ['*.pdf', 'x.pdf.exe', false],
    ['*a*a*a*b', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', false],
    ['', '', true],
    ['', 'x', false],
    ['ABC', 'abc', false],
  ])('when pattern %j meets %j, then returns %s', (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value)).toBe(expected);
  });
});

describe('compileTargetGlob', () => {
  it('when the glob has no star, then it matches that exact string only', () => {
    const matches = compileTargetGlob('crm/get_contact');
    expect([
      matches('crm/get_contact'),
      matches('crm/get_contactx'),
      matches('xcrm/get_contact'),
    ]).toEqual([true, false, false]);
  });

  it('when the glob has a star, then it matches within one segment and allows an empty run', () => {
    const matches = compileTargetGlob('crm/get_*');
    expect([matches('crm/get_'), matches('crm/get_a'), matches('crm/get_a/b')]).toEqual([
      true,
      true,
      false,
    ]);
  });
});

describe('targetGlobProblem', () => {
  it('when the glob is valid, then reports nothing; when not, then says what is wrong', () => {
    expect(targetGlobProblem('crm/*')).toBeUndefined();
    expect(targetGlobProblem('crm/**')).toBe(
      '"**" is not supported: "*" matches within one segment only',
    );
  });
});

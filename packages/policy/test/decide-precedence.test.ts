import { describe, expect, it } from 'vitest';
import type { Effect } from '@mcpgw/policy';
import { aPolicy, aPrincipal, aTarget, applying, decideWith, notApplying } from './fixtures.js';

const EFFECT_SETS: Array<{ present: Effect[]; expected: Effect }> = [
  { present: ['deny'], expected: 'deny' },
  { present: ['require_approval'], expected: 'require_approval' },
  { present: ['allow'], expected: 'allow' },
  { present: ['deny', 'require_approval'], expected: 'deny' },
  { present: ['deny', 'allow'], expected: 'deny' },
  { present: ['require_approval', 'allow'], expected: 'require_approval' },
  { present: ['deny', 'require_approval', 'allow'], expected: 'deny' },
];

describe('decide precedence', () => {
  for (const { present, expected } of EFFECT_SETS) {
    for (const order of [present, [...present].reverse()]) {
      it(`when policies [${order.join(', ')}] apply, then the effect is ${expected}`, () => {
        const policies = order.map((effect) => applying(`${effect}-policy`, effect));
        const decision = decideWith(policies);
        expect(decision.effect).toBe(expected);
        expect(decision.matchedPolicies).toEqual([`${expected}-policy`]);
        expect(decision.missingScopes).toEqual([]);
      });
    }
  }

  it('when several policies of the winning effect apply, then all are listed with reasons', () => {
    const decision = decideWith([
      aPolicy({ id: 'd1', effect: 'deny', description: 'no writes' }),
      applying('a1', 'allow'),
      applying('d2', 'deny'),
    ]);
    expect(decision.matchedPolicies).toEqual(['d1', 'd2']);
    expect(decision.reasons).toEqual(['denied by policy "d1": no writes', 'denied by policy "d2"']);
  });

  it('when only policies for other targets exist, then the scope default decides', () => {
    const decision = decideWith([notApplying('d', 'deny'), notApplying('r', 'require_approval')]);
    expect(decision).toEqual({
      effect: 'allow',
      reasons: ['allowed: required scopes held (crm.read) and no policy applies'],
      matchedPolicies: [],
      missingScopes: [],
    });
  });

  it('when a matching deny is disabled, then it is ignored', () => {
    const decision = decideWith([
      { ...applying('d', 'deny'), enabled: false },
      applying('a', 'allow'),
    ]);
    expect(decision.effect).toBe('allow');
    expect(decision.matchedPolicies).toEqual(['a']);
  });

  it('when a matching allow is disabled under default deny, then the call is denied', () => {
    const decision = decideWith(
      [{ ...applying('a', 'allow'), enabled: false }],
      {},
      { defaultWhenScopesHeld: 'deny' },
    );
    expect(decision.effect).toBe('deny');
  });
});

describe('decide defaults', () => {
  it('when there are no policies and the scopes are held, then allows by default', () => {
    expect(decideWith([]).effect).toBe('allow');
  });

  it('when defaultWhenScopesHeld is deny and nothing applies, then denies with that reason', () => {
    const decision = decideWith([], {}, { defaultWhenScopesHeld: 'deny' });
    expect(decision.effect).toBe('deny');
    expect(decision.reasons).toEqual([
      'denied: required scopes held (crm.read) but no policy allows it (default is deny)',
    ]);
  });

  it('when defaultWhenScopesHeld is deny and an allow applies, then allows', () => {
    expect(decideWith([applying('a', 'allow')], {}, { defaultWhenScopesHeld: 'deny' }).effect).toBe(
      'allow',
    );
  });

  it('when the target declares no required scopes and no policy applies, then denies', () => {
    const decision = decideWith([], { target: aTarget({ requiredScopes: [] }) });
    expect(decision.effect).toBe('deny');
    expect(decision.reasons).toEqual([
      'denied: the target declares no required scopes and no policy allows it',
    ]);
  });

  it('when the target declares no required scopes and an allow applies, then allows', () => {
    const decision = decideWith([applying('open', 'allow')], {
      target: aTarget({ requiredScopes: [] }),
    });
    expect(decision.effect).toBe('allow');
  });

  it('when the target declares no required scopes and a require_approval applies, then holds', () => {
    const target = aTarget({ requiredScopes: [] });
    expect(decideWith([applying('hold', 'require_approval')], { target }).effect).toBe(
      'require_approval',
    );
  });
});

describe('decide scopes', () => {
  it('when a required scope is missing, then denies naming it even if an allow applies', () => {
    const target = aTarget({ requiredScopes: ['crm.read', 'crm.contact.update', 'crm.admin'] });
    const principal = aPrincipal({ scopes: ['crm.read'] });
    const decision = decideWith([applying('a', 'allow')], { principal, target });
    expect(decision).toEqual({
      effect: 'deny',
      reasons: ['missing required scopes: crm.contact.update, crm.admin'],
      matchedPolicies: [],
      missingScopes: ['crm.contact.update', 'crm.admin'],
    });
  });

  it('when the principal holds no scopes at all, then every required scope is missing', () => {
    const decision = decideWith([], { principal: aPrincipal({ scopes: [] }) });
    expect(decision.missingScopes).toEqual(['crm.read']);
  });

  it('when the principal holds a scope that only resembles the required one, then it is missing', () => {
    const principal = aPrincipal({ scopes: ['crm.read.all', 'CRM.READ', 'crm.*', '*'] });
    expect(decideWith([], { principal }).missingScopes).toEqual(['crm.read']);
  });

  it('when the principal holds extra scopes besides the required ones, then allows', () => {
    const principal = aPrincipal({ scopes: ['x', 'crm.read', 'y'] });
    expect(decideWith([], { principal }).effect).toBe('allow');
  });
});

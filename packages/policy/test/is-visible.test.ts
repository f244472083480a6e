import { describe, expect, it } from 'vitest';
import {
  compilePolicies,
  isVisible,
  type CompileOptions,
  type Policy,
  type PolicyTarget,
} from '@mcpgw/policy';
import { aContext, aPolicy, aPrincipal, aTarget } from './fixtures.js';

function visible(
  policies: Policy[],
  target: PolicyTarget = aTarget(),
  options: CompileOptions = {},
): boolean {
  return isVisible(compilePolicies(policies, options), aPrincipal(), target, aContext());
}

const bigAmounts = { arguments: [{ path: 'amount', op: 'min' as const, value: 1000 }] };

describe('isVisible', () => {
  it('when the scopes are held and nothing else applies, then the tool is listed', () => {
    expect(visible([])).toBe(true);
  });

  it('when a required scope is missing, then the tool is hidden whatever the policies say', () => {
    expect(
      visible([aPolicy({ effect: 'allow' })], aTarget({ requiredScopes: ['crm.admin'] })),
    ).toBe(false);
  });

  it('when an unconditional deny covers the call, then the tool is hidden', () => {
    expect(visible([aPolicy({ effect: 'deny' })])).toBe(false);
  });

  it('when a deny covers tools/list only, then the tool is hidden', () => {
    expect(visible([aPolicy({ effect: 'deny', actions: ['tools/list'] })])).toBe(false);
  });

  it('when a deny depends on arguments, then the tool stays listed (decided per call)', () => {
    expect(visible([aPolicy({ effect: 'deny', conditions: bigAmounts })])).toBe(true);
    expect(visible([aPolicy({ effect: 'deny', actions: ['*'], conditions: bigAmounts })])).toBe(
      true,
    );
  });

  it('when a deny depends on a condition known now, then it hides the tool only while it holds', () => {
    expect(visible([aPolicy({ effect: 'deny', conditions: { environments: ['prod'] } })])).toBe(
      false,
    );
    expect(visible([aPolicy({ effect: 'deny', conditions: { environments: ['dev'] } })])).toBe(
      true,
    );
  });

  it('when the call needs approval, then the tool is listed', () => {
    expect(visible([aPolicy({ effect: 'require_approval' })])).toBe(true);
  });

  it('when default deny and only an argument-conditioned allow exists, then listed (some call could pass)', () => {
    const allow = aPolicy({
      conditions: { arguments: [{ path: 'amount', op: 'max', value: 10 }] },
    });
    expect(visible([allow], aTarget(), { defaultWhenScopesHeld: 'deny' })).toBe(true);
  });

  it('when default deny and no allow covers tools/call, then hidden even if tools/list is allowed', () => {
    const listOnly = aPolicy({ actions: ['tools/list'] });
    expect(visible([listOnly], aTarget(), { defaultWhenScopesHeld: 'deny' })).toBe(false);
  });

  it('when the target declares no scopes, then listed only with an applicable allow', () => {
    const open = aTarget({ requiredScopes: [] });
    expect(visible([], open)).toBe(false);
    expect(visible([aPolicy()], open)).toBe(true);
  });

  it('when the list is resources/list, then resources/read permission decides', () => {
    const set = compilePolicies([aPolicy({ effect: 'deny', actions: ['resources/read'] })]);
    const args = [aPrincipal(), aTarget(), aContext()] as const;
    expect(isVisible(set, ...args, 'resources/list')).toBe(false);
    expect(isVisible(set, ...args, 'prompts/list')).toBe(true);
    expect(isVisible(set, ...args)).toBe(true);
  });
});

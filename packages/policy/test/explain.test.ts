import { describe, expect, it } from 'vitest';
import { compilePolicies, decide, explain, type Policy } from '@mcpgw/policy';
import { aContext, aPolicy, aPrincipal, aTarget } from './fixtures.js';

const policies: Policy[] = [
  aPolicy({ id: 'allow-crm', effect: 'allow' }),
  aPolicy({ id: 'deny-dev', effect: 'deny', conditions: { environments: ['dev'] } }),
  aPolicy({
    id: 'approve-big',
    effect: 'require_approval',
    conditions: { arguments: [{ path: 'amount', op: 'min', value: 100 }] },
  }),
  aPolicy({ id: 'off', effect: 'deny', enabled: false }),
  aPolicy({ id: 'lists', effect: 'deny', actions: ['tools/list'] }),
];

describe('explain', () => {
  it('when a call is allowed, then the result equals decide() and the trace says why each policy did or did not apply', () => {
    const set = compilePolicies(policies);
    const request = [
      aPrincipal(),
      'tools/call',
      aTarget(),
      aContext({ arguments: { amount: 5 } }),
    ] as const;
    const explanation = explain(set, ...request);
    const decision = decide(set, ...request);
    expect({
      effect: explanation.effect,
      reasons: explanation.reasons,
      matchedPolicies: explanation.matchedPolicies,
      missingScopes: explanation.missingScopes,
    }).toEqual(decision);
    expect(explanation.effect).toBe('allow');
    expect(explanation.policies.map((p) => [p.policyId, p.applies, p.summary])).toEqual([
      ['allow-crm', true, 'applies (allow)'],
      ['deny-dev', false, 'does not apply: environment in [dev] does not match'],
      ['approve-big', false, 'does not apply: argument amount min 100 does not match'],
      ['off', false, 'disabled; ignored'],
      ['lists', false, 'does not apply: action does not match'],
    ]);
    expect(explanation.steps[0]).toBe('scopes: all required held (crm.read)');
    expect(explanation.steps.at(-1)).toBe('result: allow (allowed by policy "allow-crm")');
  });

  it('when checks are traced, then each carries the observed data', () => {
    const explanation = explain(
      compilePolicies(policies),
      aPrincipal(),
      'tools/call',
      aTarget(),
      aContext({ arguments: { amount: 500 } }),
    );
    const approve = explanation.policies.find((p) => p.policyId === 'approve-big');
    expect(approve?.checks).toEqual([
      { check: 'action', status: 'match', detail: 'tools/call vs tools/call' },
      { check: 'subject', status: 'match', detail: "matched '*' (every principal)" },
      { check: 'target', status: 'match', detail: 'crm/get_contact vs crm/*' },
      { check: 'argument amount min 100', status: 'match', detail: 'amount is 500' },
    ]);
    expect(explanation.effect).toBe('require_approval');
  });

  it('when arguments are unknown, then the trace says the approval applies because of the doubt', () => {
    const explanation = explain(
      compilePolicies(policies),
      aPrincipal(),
      'tools/call',
      aTarget(),
      aContext(),
    );
    const approve = explanation.policies.find((p) => p.policyId === 'approve-big');
    expect(approve?.applies).toBe(true);
    expect(approve?.summary).toContain('undecidable conditions count as met');
    expect(approve?.checks.at(-1)).toEqual({
      check: 'argument amount min 100',
      status: 'unknown',
      detail: 'arguments not known for this decision',
    });
    expect(explanation.effect).toBe('require_approval');
  });

  it('when scopes are missing, then the trace names them and the result is deny regardless of policies', () => {
    const target = aTarget({ requiredScopes: ['crm.read', 'crm.write'] });
    const explanation = explain(
      compilePolicies(policies),
      aPrincipal(),
      'tools/call',
      target,
      aContext(),
    );
    expect(explanation.scopes).toEqual({
      required: ['crm.read', 'crm.write'],
      held: ['crm.read'],
      missing: ['crm.write'],
    });
    expect(explanation.steps[0]).toBe('scopes: missing crm.write of crm.read, crm.write');
    expect(explanation.steps.at(-1)).toBe(
      'result: deny, because required scopes are missing (policies cannot grant scopes)',
    );
    expect(explanation.effect).toBe('deny');
  });

  it('when the subject does not match, then the trace describes the principal', () => {
    const set = compilePolicies([aPolicy({ id: 'ops', subjects: { groups: ['ops'] } })]);
    const explanation = explain(
      set,
      aPrincipal({ groups: ['sales'] }),
      'tools/call',
      aTarget(),
      aContext(),
    );
    const subject = explanation.policies[0]?.checks.find((c) => c.check === 'subject');
    expect(subject).toEqual({
      check: 'subject',
      status: 'no_match',
      detail:
        'principal (client agent-a, subject sub-agent-a, user (none), groups [sales]) is not listed',
    });
  });

  it('when the target declares no scopes, then the first step says only an allow can permit it', () => {
    const explanation = explain(
      compilePolicies([]),
      aPrincipal(),
      'tools/call',
      aTarget({ requiredScopes: [] }),
      aContext(),
    );
    expect(explanation.steps[0]).toBe(
      'scopes: the target declares none, so only an allow policy can permit it',
    );
    expect(explanation.effect).toBe('deny');
  });
});

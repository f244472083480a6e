import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  compilePolicies,
  compileTargetGlob,
  decide,
  explain,
  isVisible,
  type Effect,
  type Policy,
  type PolicyConditions,
  type TargetMatcherFactory,
} from '@mcpgw/policy';
import { aContext, aPrincipal, aTarget } from './fixtures.js';

// Small deterministic generator so failures reproduce (mulberry32).
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

const EFFECTS: Effect[] = ['allow', 'deny', 'require_approval'];
const TARGETS = ['crm/*', '*/*', 'crm/get_*', '*/delete_*', 'billing/*', 'crm/get_contact'];
const CONDITIONS: Array<PolicyConditions | undefined> = [
  undefined,
  { environments: ['prod'] },
  { environments: ['dev'] },
  { riskLevels: ['high'] },
  { annotations: { destructiveHint: true } },
  { arguments: [{ path: 'amount', op: 'min', value: 10 }] },
  { timeWindow: { start: '22:00', end: '06:00' } },
];

function randomPolicy(next: () => number, index: number): Policy {
  return {
    id: `p${index}`,
    effect: pick(next, EFFECTS),
    subjects: pick(next, [{ agents: ['*'] }, { groups: ['sales'] }, { agents: ['agent-b'] }]),
    actions: pick(next, [['*'], ['tools/call'], ['tools/list', 'tools/call']]),
    targets: [pick(next, TARGETS)],
    conditions: pick(next, CONDITIONS),
    enabled: next() > 0.1,
  };
}

describe('policy invariants', () => {
  it('when any enabled policy denies and applies, then the decision is deny (600 generated cases)', () => {
    const next = random(20260304);
    for (let round = 0; round < 600; round += 1) {
      const policies = Array.from({ length: 1 + Math.floor(next() * 6) }, (_, i) =>
        randomPolicy(next, i),
      );
      const set = compilePolicies(policies, {
        defaultWhenScopesHeld: pick(next, ['allow', 'deny'] as const),
      });
      const principal = aPrincipal({ groups: next() > 0.5 ? ['sales'] : [] });
      const target = aTarget({
        name: pick(next, ['get_contact', 'delete_contact']),
        requiredScopes: next() > 0.2 ? ['crm.read'] : [],
        riskLevel: next() > 0.5 ? 'high' : undefined,
      });
      const context = aContext({
        environment: pick(next, ['prod', 'dev']),
        arguments: next() > 0.3 ? { amount: Math.floor(next() * 20) } : undefined,
      });
      const action = pick(next, ACTIONS);
      const decision = decide(set, principal, action, target, context);
      const trace = explain(set, principal, action, target, context);
      const applyingDenies = trace.policies
        .filter((p) => p.applies && p.effect === 'deny')
        .map((p) => p.policyId);
      const applying = trace.policies.filter((p) => p.applies);

      if (applyingDenies.length > 0) expect(decision.effect, JSON.stringify(policies)).toBe('deny');
      if (decision.missingScopes.length === 0) {
        const winners = applying.filter((p) => p.effect === decision.effect).map((p) => p.policyId);
        expect(decision.matchedPolicies).toEqual(winners);
      }
    }
  });

  it('when a tools/call would be allowed with the given arguments, then the tool is visible', () => {
    const next = random(7);
    for (let round = 0; round < 400; round += 1) {
      const policies = Array.from({ length: 1 + Math.floor(next() * 5) }, (_, i) => ({
        ...randomPolicy(next, i),
        actions: ['tools/call'] as Policy['actions'],
      }));
      const set = compilePolicies(policies);
      const principal = aPrincipal({ groups: ['sales'] });
      const target = aTarget({ riskLevel: 'high' });
      const context = aContext({ arguments: { amount: Math.floor(next() * 20) } });
      if (decide(set, principal, 'tools/call', target, context).effect !== 'deny') {
        expect(isVisible(set, principal, target, context), JSON.stringify(policies)).toBe(true);
      }
    }
  });
});

describe('compilePolicies glob compilation', () => {
  it('when 200 policies are compiled and decided 1000 times, then globs are compiled once each, at compile time', () => {
    let compiled = 0;
    const counting: TargetMatcherFactory = (glob) => {
      compiled += 1;
      return compileTargetGlob(glob);
    };
    const policies: Policy[] = Array.from({ length: 200 }, (_, i) => ({
      id: `p${i}`,
      effect: i % 50 === 0 ? 'require_approval' : 'allow',
      subjects: { agents: ['*'] },
      actions: ['tools/call'],
      targets: [`server-${i}/*`, `*/tool_${i}_*`],
    }));
    const set = compilePolicies(policies, { targetMatcherFactory: counting });
    expect(compiled).toBe(400);

    for (let call = 0; call < 1000; call += 1) {
      const target = aTarget({ server: `server-${call % 200}`, name: `tool_${call % 7}_x` });
      decide(set, aPrincipal(), 'tools/call', target, aContext());
      isVisible(set, aPrincipal(), target, aContext());
    }
    expect(compiled).toBe(400);
    const decision = decide(
      set,
      aPrincipal(),
      'tools/call',
      aTarget({ server: 'server-50', name: 'x' }),
      aContext(),
    );
    expect(decision).toMatchObject({ effect: 'require_approval', matchedPolicies: ['p50'] });
  });
});

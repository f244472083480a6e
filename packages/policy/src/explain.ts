import type { CompiledPolicySet } from './compile-policies.js';
import { decide } from './decide.js';
import type {
  Explanation,
  PolicyContext,
  PolicyPrincipal,
  PolicyTarget,
} from './decision-types.js';
import { tracePolicy } from './evaluate-policy.js';
import type { Action } from './policy-types.js';

/**
 * decide() plus the reasoning, for the registry's "why may P (not) do A on T". The effect,
 * reasons and matched policies are exactly decide()'s; the trace evaluates every policy,
 * including disabled ones and ones for other actions, without short-circuiting. Not for the hot
 * path.
 */
export function explain(
  set: CompiledPolicySet,
  principal: PolicyPrincipal,
  action: Action,
  target: PolicyTarget,
  context: PolicyContext,
): Explanation {
  const decision = decide(set, principal, action, target, context);
  const input = { principal, action, target, context };
  const targetKey = `${target.server}/${target.name}`;
  const policies = set.all.map((policy) => tracePolicy(policy, input, targetKey));
  const required = [...target.requiredScopes];
  const steps = [scopeStep(required, decision.missingScopes)];
  for (const trace of policies)
    steps.push(`policy "${trace.policyId}" (${trace.effect}): ${trace.summary}`);
  steps.push(
    decision.missingScopes.length > 0
      ? 'result: deny, because required scopes are missing (policies cannot grant scopes)'
      : `result: ${decision.effect} (${decision.reasons.join('; ')})`,
  );
  return {
    ...decision,
    scopes: { required, held: [...principal.scopes], missing: decision.missingScopes },
    policies,
    steps,
  };
}

function scopeStep(required: readonly string[], missing: readonly string[]): string {
  if (required.length === 0)
    return 'scopes: the target declares none, so only an allow policy can permit it';
  if (missing.length > 0) return `scopes: missing ${missing.join(', ')} of ${required.join(', ')}`;
  return `scopes: all required held (${required.join(', ')})`;
}

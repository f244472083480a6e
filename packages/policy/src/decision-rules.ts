import type { EvalInput } from './check.js';
import type { CompiledPolicy } from './compiled-policy.js';
import type { CompiledPolicySet } from './compile-policies.js';
import type { Decision, PolicyTarget } from './decision-types.js';
import { policyApplies, type EvaluationMode } from './evaluate-policy.js';
import type { Effect } from './policy-types.js';

export interface Tally {
  deny: CompiledPolicy[];
  require_approval: CompiledPolicy[];
  allow: CompiledPolicy[];
}

/** Required scopes the principal lacks, in the target's order. */
export function missingScopes(required: readonly string[], held: readonly string[]): string[] {
  const missing: string[] = [];
  for (const scope of required) if (!held.includes(scope)) missing.push(scope);
  return missing;
}

export function tallyPolicies(
  candidates: readonly CompiledPolicy[],
  input: EvalInput,
  targetKey: string,
  mode: EvaluationMode,
): Tally {
  const tally: Tally = { deny: [], require_approval: [], allow: [] };
  for (const policy of candidates) {
    if (policyApplies(policy, input, targetKey, mode)) tally[policy.effect].push(policy);
  }
  return tally;
}

/**
 * Precedence deny > require_approval > allow. With no applicable policy: a target that declares
 * required scopes (all held, checked before) gets the set's default; a target that declares none
 * is denied, because "no scope" must never read as "open to everyone".
 */
export function resolveEffect(set: CompiledPolicySet, target: PolicyTarget, tally: Tally): Effect {
  if (tally.deny.length > 0) return 'deny';
  if (tally.require_approval.length > 0) return 'require_approval';
  if (tally.allow.length > 0) return 'allow';
  return target.requiredScopes.length > 0 ? set.defaultWhenScopesHeld : 'deny';
}

const REASON_PREFIX: Record<Effect, string> = {
  deny: 'denied by policy',
  require_approval: 'approval required by policy',
  allow: 'allowed by policy',
};

export function resolveDecision(
  set: CompiledPolicySet,
  target: PolicyTarget,
  tally: Tally,
): Decision {
  const effect = resolveEffect(set, target, tally);
  const deciding = tally[effect];
  if (deciding.length > 0) {
    return {
      effect,
      reasons: deciding.map(
        (p) => `${REASON_PREFIX[effect]} "${p.id}"${p.description ? `: ${p.description}` : ''}`,
      ),
      matchedPolicies: deciding.map((p) => p.id),
      missingScopes: [],
    };
  }
  return { effect, reasons: [defaultReason(set, target)], matchedPolicies: [], missingScopes: [] };
}

function defaultReason(set: CompiledPolicySet, target: PolicyTarget): string {
  if (target.requiredScopes.length === 0) {
    return 'denied: the target declares no required scopes and no policy allows it';
  }
  const scopes = target.requiredScopes.join(', ');
  return set.defaultWhenScopesHeld === 'allow'
    ? `allowed: required scopes held (${scopes}) and no policy applies`
    : `denied: required scopes held (${scopes}) but no policy allows it (default is deny)`;
}

export function scopeDenial(missing: string[]): Decision {
  return {
    effect: 'deny',
    reasons: [`missing required scopes: ${missing.join(', ')}`],
    matchedPolicies: [],
    missingScopes: missing,
  };
}

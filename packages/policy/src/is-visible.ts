import type { CompiledPolicySet } from './compile-policies.js';
import type { PolicyContext, PolicyPrincipal, PolicyTarget } from './decision-types.js';
import { missingScopes, resolveEffect, tallyPolicies } from './decision-rules.js';
import { policyApplies } from './evaluate-policy.js';
import { LIST_TO_CALL, type ListAction } from './policy-types.js';

const NONE: readonly never[] = [];

/**
 * Whether a list response shows the target. Visibility follows permission: shown when the
 * principal holds the scopes, no policy denies the list action for it, and a call could be
 * allowed or held for approval for some arguments. Argument-conditioned denies therefore do not
 * hide a tool (they are decided per call); unconditional denies, and denies on conditions that
 * are known now (environment, time, annotations, risk, classification), do.
 */
export function isVisible(
  set: CompiledPolicySet,
  principal: PolicyPrincipal,
  target: PolicyTarget,
  context: PolicyContext,
  listAction: ListAction = 'tools/list',
): boolean {
  if (missingScopes(target.requiredScopes, principal.scopes).length > 0) return false;
  const targetKey = `${target.server}/${target.name}`;
  const listInput = { principal, action: listAction, target, context };
  for (const policy of set.byAction.get(listAction) ?? NONE) {
    if (policy.effect === 'deny' && policyApplies(policy, listInput, targetKey, 'visibility')) {
      return false;
    }
  }
  const callAction = LIST_TO_CALL[listAction];
  const callInput = { principal, action: callAction, target, context };
  const tally = tallyPolicies(
    set.byAction.get(callAction) ?? NONE,
    callInput,
    targetKey,
    'visibility',
  );
  return resolveEffect(set, target, tally) !== 'deny';
}

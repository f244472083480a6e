import type { CompiledPolicySet } from './compile-policies.js';
import type { Decision, PolicyContext, PolicyPrincipal, PolicyTarget } from './decision-types.js';
import { missingScopes, resolveDecision, scopeDenial, tallyPolicies } from './decision-rules.js';
import type { Action } from './policy-types.js';

const NONE: readonly never[] = [];

/**
 * The decision for one request. Scopes first (missing scopes deny, whatever the policies say),
 * then the enabled policies covering the action, with deny > require_approval > allow.
 */
export function decide(
  set: CompiledPolicySet,
  principal: PolicyPrincipal,
  action: Action,
  target: PolicyTarget,
  context: PolicyContext,
): Decision {
  const missing = missingScopes(target.requiredScopes, principal.scopes);
  if (missing.length > 0) return scopeDenial(missing);
  const input = { principal, action, target, context };
  const targetKey = `${target.server}/${target.name}`;
  const tally = tallyPolicies(set.byAction.get(action) ?? NONE, input, targetKey, 'call');
  return resolveDecision(set, target, tally);
}

import { compilePolicy, coversAction, type CompiledPolicy } from './compiled-policy.js';
import { PolicyValidationError } from './policy-validation-error.js';
import { ACTIONS, type Action, type Policy } from './policy-types.js';
import { compileTargetGlob, type TargetMatcherFactory } from './target-glob.js';
import { validatePolicy, type PolicyIssue } from './validate-policy.js';

export interface CompileOptions {
  /**
   * The effect when the principal holds every required scope of a target that declares at least
   * one, and no policy applies. 'allow' (default): the scope is the grant, policies refine it.
   * 'deny': every grant must also be written as an allow policy.
   */
  defaultWhenScopesHeld?: 'allow' | 'deny';
  /** Test seam: how target globs become matchers. Called once per glob, here, never later. */
  targetMatcherFactory?: TargetMatcherFactory;
}

/** Immutable, ready-to-decide form of a policy list. Build once per snapshot. */
export interface CompiledPolicySet {
  readonly defaultWhenScopesHeld: 'allow' | 'deny';
  /** Enabled policies per action, in document order: the only list decide() scans. */
  readonly byAction: ReadonlyMap<Action, readonly CompiledPolicy[]>;
  /** Every policy including disabled ones, for explain(). */
  readonly all: readonly CompiledPolicy[];
}

/** Validates every policy (throwing PolicyValidationError with all problems) and compiles them. */
export function compilePolicies(
  policies: readonly Policy[],
  options: CompileOptions = {},
): CompiledPolicySet {
  const issues: PolicyIssue[] = [];
  const seen = new Set<string>();
  policies.forEach((policy, index) => {
    const result = validatePolicy(policy);
    if (!result.ok) issues.push(...result.issues.map((i) => withIndex(i, index)));
    if (typeof policy?.id === 'string') {
      if (seen.has(policy.id))
        issues.push({ policyId: policy.id, path: 'id', message: 'duplicate id' });
      seen.add(policy.id);
    }
  });
  const defaultWhenScopesHeld = options.defaultWhenScopesHeld ?? 'allow';
  if (defaultWhenScopesHeld !== 'allow' && defaultWhenScopesHeld !== 'deny') {
    issues.push({
      policyId: '',
      path: 'defaultWhenScopesHeld',
      message: "must be 'allow' or 'deny'",
    });
  }
  if (issues.length > 0) throw new PolicyValidationError(issues);

  const factory = options.targetMatcherFactory ?? compileTargetGlob;
  const all = policies.map((policy) => compilePolicy(policy, factory));
  const byAction = new Map<Action, readonly CompiledPolicy[]>(
    ACTIONS.map((action) => [action, all.filter((p) => p.enabled && coversAction(p, action))]),
  );
  return Object.freeze({ defaultWhenScopesHeld, byAction, all: Object.freeze(all) });
}

// A policy without a usable id is located by its position instead.
function withIndex(issue: PolicyIssue, index: number): PolicyIssue {
  return issue.policyId === '' ? { ...issue, policyId: `#${index}` } : issue;
}

import type { Check } from './check.js';
import { compileConditions } from './condition-checks.js';
import type { Action, Effect, Policy } from './policy-types.js';
import { compileSubject, type SubjectMatcher } from './subject-matcher.js';
import type { TargetMatcher, TargetMatcherFactory } from './target-glob.js';

/** A policy turned into ready-to-run matchers. Nothing here is compiled again per decision. */
export interface CompiledPolicy {
  id: string;
  description: string | undefined;
  effect: Effect;
  enabled: boolean;
  /** undefined means every action ('*'). */
  actions: ReadonlySet<Action> | undefined;
  subject: SubjectMatcher;
  targetGlobs: readonly string[];
  targets: readonly TargetMatcher[];
  checks: readonly Check[];
  argumentChecks: readonly Check[];
}

/** Compiles one already validated policy. */
export function compilePolicy(policy: Policy, compileGlob: TargetMatcherFactory): CompiledPolicy {
  const all = (policy.actions as readonly string[]).includes('*');
  const { checks, argumentChecks } = compileConditions(policy.conditions);
  return {
    id: policy.id,
    description: policy.description,
    effect: policy.effect,
    enabled: policy.enabled !== false,
    actions: all ? undefined : new Set(policy.actions as Action[]),
    subject: compileSubject(policy.subjects),
    targetGlobs: [...policy.targets],
    targets: policy.targets.map((glob) => compileGlob(glob)),
    checks,
    argumentChecks,
  };
}

export function coversAction(policy: CompiledPolicy, action: Action): boolean {
  return policy.actions === undefined || policy.actions.has(action);
}

/** Matches `server/name` against the policy's globs. */
export function matchesTarget(policy: CompiledPolicy, targetKey: string): boolean {
  for (const matches of policy.targets) if (matches(targetKey)) return true;
  return false;
}

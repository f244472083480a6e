import type { Check, EvalInput } from './check.js';
import { coversAction, matchesTarget, type CompiledPolicy } from './compiled-policy.js';
import type { CheckResult, CheckStatus, PolicyTrace } from './decision-types.js';
import type { Effect } from './policy-types.js';

/**
 * 'call': the arguments in the context are the real ones (or unknown when undefined).
 * 'visibility': would some call be permitted? Argument constraints are assumed satisfiable, so
 * argument-conditioned allows count and argument-conditioned denies do not hide anything.
 */
export type EvaluationMode = 'call' | 'visibility';

/**
 * When a check cannot be decided (missing data, odd argument type) the policy fails closed:
 * deny and require_approval apply, allow does not.
 */
export function appliesDespiteUnknown(effect: Effect): boolean {
  return effect !== 'allow';
}

/** Hot path: short-circuits on the first failing check and allocates nothing. */
export function policyApplies(
  policy: CompiledPolicy,
  input: EvalInput,
  targetKey: string,
  mode: EvaluationMode,
): boolean {
  if (!policy.subject.matches(input.principal) || !matchesTarget(policy, targetKey)) return false;
  let unknown = false;
  for (const check of policy.checks) {
    const status = check.evaluate(input);
    if (status === 'no_match') return false;
    if (status === 'unknown') unknown = true;
  }
  if (mode === 'visibility') {
    if (policy.effect === 'deny' && policy.argumentChecks.length > 0) return false;
  } else {
    for (const check of policy.argumentChecks) {
      const status = check.evaluate(input);
      if (status === 'no_match') return false;
      if (status === 'unknown') unknown = true;
    }
  }
  return !unknown || appliesDespiteUnknown(policy.effect);
}

/** explain(): every check of one policy with its outcome, without short-circuiting. */
export function tracePolicy(
  policy: CompiledPolicy,
  input: EvalInput,
  targetKey: string,
): PolicyTrace {
  const checks: CheckResult[] = [
    {
      check: 'action',
      status: coversAction(policy, input.action) ? 'match' : 'no_match',
      detail: `${input.action} vs ${policy.actions ? [...policy.actions].join(', ') : '*'}`,
    },
    {
      check: 'subject',
      status: policy.subject.matches(input.principal) ? 'match' : 'no_match',
      detail: policy.subject.describe(input.principal),
    },
    {
      check: 'target',
      status: matchesTarget(policy, targetKey) ? 'match' : 'no_match',
      detail: `${targetKey} vs ${policy.targetGlobs.join(', ')}`,
    },
    ...[...policy.checks, ...policy.argumentChecks].map((check) => runCheck(check, input)),
  ];
  const trace = { policyId: policy.id, effect: policy.effect, checks };
  if (!policy.enabled) return { ...trace, applies: false, summary: 'disabled; ignored' };
  const failed = checks.find((result) => result.status === 'no_match');
  if (failed !== undefined) {
    return { ...trace, applies: false, summary: `does not apply: ${failed.check} does not match` };
  }
  if (!checks.some((result) => result.status === 'unknown')) {
    return { ...trace, applies: true, summary: `applies (${policy.effect})` };
  }
  return appliesDespiteUnknown(policy.effect)
    ? {
        ...trace,
        applies: true,
        summary: `applies (${policy.effect}): undecidable conditions count as met for ${policy.effect}`,
      }
    : {
        ...trace,
        applies: false,
        summary: 'does not apply: an allow needs every condition known to hold',
      };
}

function runCheck(check: Check, input: EvalInput): CheckResult {
  const status: CheckStatus = check.evaluate(input);
  return { check: check.name, status, detail: check.detail(input) };
}

export {
  ACTIONS,
  ANNOTATION_HINTS,
  ARGUMENT_OPS,
  DATA_CLASSIFICATIONS,
  DAYS,
  EFFECTS,
  LIST_TO_CALL,
  RISK_LEVELS,
  type Action,
  type AnnotationHint,
  type ArgumentConstraint,
  type ArgumentOp,
  type DataClassification,
  type Day,
  type Effect,
  type ListAction,
  type Policy,
  type PolicyConditions,
  type PolicySubject,
  type RiskLevel,
  type TimeWindow,
  type ToolAnnotations,
} from './policy-types.js';
export type {
  CheckResult,
  CheckStatus,
  Decision,
  Explanation,
  PolicyContext,
  PolicyPrincipal,
  PolicyTarget,
  PolicyTrace,
} from './decision-types.js';
export {
  compilePolicies,
  type CompileOptions,
  type CompiledPolicySet,
} from './compile-policies.js';
export type { CompiledPolicy } from './compiled-policy.js';
export { decide } from './decide.js';
export { explain } from './explain.js';
export { isVisible } from './is-visible.js';
export {
  validatePolicy,
  type PolicyIssue,
  type PolicyValidationResult,
} from './validate-policy.js';
export { PolicyValidationError } from './policy-validation-error.js';
export {
  compileTargetGlob,
  targetGlobProblem,
  type TargetMatcher,
  type TargetMatcherFactory,
} from './target-glob.js';
export { wildcardMatch } from './wildcard-match.js';
export { effectiveHints } from './condition-checks.js';

import { compileArgumentCheck } from './argument-check.js';
import type { Check } from './check.js';
import type { PolicyTarget } from './decision-types.js';
import type { AnnotationHint, PolicyConditions, ToolAnnotations } from './policy-types.js';
import { compileTimeWindow } from './time-window.js';

export interface CompiledConditions {
  /** Conditions on the principal's situation and the target: environment, time, metadata. */
  checks: Check[];
  /** Argument constraints, kept apart because list visibility treats them as "could hold". */
  argumentChecks: Check[];
}

/** Compiles a validated `conditions` object into checks, building sets and formatters once. */
export function compileConditions(conditions: PolicyConditions | undefined): CompiledConditions {
  const checks: Check[] = [];
  if (conditions?.environments) checks.push(environmentCheck(conditions.environments));
  if (conditions?.timeWindow) {
    const inWindow = compileTimeWindow(conditions.timeWindow);
    const label = `time window ${JSON.stringify(conditions.timeWindow)}`;
    checks.push({
      name: label,
      evaluate: ({ context }) => (inWindow(context.now) ? 'match' : 'no_match'),
      detail: ({ context }) => `now is ${context.now.toISOString()}`,
    });
  }
  if (conditions?.annotations) checks.push(annotationCheck(conditions.annotations));
  if (conditions?.riskLevels) {
    checks.push(targetValueCheck('risk level', conditions.riskLevels, (t) => t.riskLevel));
  }
  if (conditions?.dataClassifications) {
    const read = (t: PolicyTarget) => t.dataClassification;
    checks.push(targetValueCheck('data classification', conditions.dataClassifications, read));
  }
  const argumentChecks = (conditions?.arguments ?? []).map(compileArgumentCheck);
  return { checks, argumentChecks };
}

function environmentCheck(environments: readonly string[]): Check {
  const allowed = new Set(environments);
  return {
    name: `environment in [${environments.join(', ')}]`,
    evaluate: ({ context }) => (allowed.has(context.environment) ? 'match' : 'no_match'),
    detail: ({ context }) => `environment is "${context.environment}"`,
  };
}

/** A target attribute the registry should always set; when it is missing the check is unknown. */
function targetValueCheck(
  label: string,
  values: readonly string[],
  read: (target: PolicyTarget) => string | undefined,
): Check {
  const allowed = new Set(values);
  return {
    name: `${label} in [${values.join(', ')}]`,
    evaluate: ({ target }) => {
      const value = read(target);
      if (value === undefined) return 'unknown';
      return allowed.has(value) ? 'match' : 'no_match';
    },
    detail: ({ target }) => `${label} is ${read(target) ?? 'not set'}`,
  };
}

/**
 * Annotations describe tools, so they never match resources or prompts. Missing hints take the
 * MCP defaults (readOnly false, destructive true, idempotent false, openWorld true), and a
 * read-only tool is never destructive: an unannotated tool is treated as the riskiest kind.
 */
export function effectiveHints(
  annotations: ToolAnnotations | undefined,
): Required<ToolAnnotations> {
  const readOnlyHint = annotations?.readOnlyHint ?? false;
  return {
    readOnlyHint,
    destructiveHint: readOnlyHint ? false : (annotations?.destructiveHint ?? true),
    idempotentHint: annotations?.idempotentHint ?? false,
    openWorldHint: annotations?.openWorldHint ?? true,
  };
}

function annotationCheck(wanted: ToolAnnotations): Check {
  const entries = Object.entries(wanted) as Array<[AnnotationHint, boolean]>;
  return {
    name: `annotations ${JSON.stringify(wanted)}`,
    evaluate: ({ action, target }) => {
      if (!action.startsWith('tools/')) return 'no_match';
      const hints = effectiveHints(target.annotations);
      return entries.every(([hint, value]) => hints[hint] === value) ? 'match' : 'no_match';
    },
    detail: ({ action, target }) =>
      action.startsWith('tools/')
        ? `effective hints ${JSON.stringify(effectiveHints(target.annotations))}`
        : `annotations apply to tools only, action is ${action}`,
  };
}

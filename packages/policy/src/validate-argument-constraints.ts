import { ARGUMENT_OPS, type ArgumentOp } from './policy-types.js';
import { isJsonValue, isRecord, rejectUnknownKeys, type Report } from './validation-kit.js';

const MAX_PATH_SEGMENTS = 16;
const MAX_PATTERN_LENGTH = 256;
// Lookups use own properties only, but a path naming these is a mistake or an attack.
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

// What `value` must be for each op; undefined message means "value must be absent".
const VALUE_RULES: Record<ArgumentOp, { message?: string; test: (value: unknown) => boolean }> = {
  eq: { message: 'must be a JSON value', test: (v) => v !== undefined && isJsonValue(v) },
  neq: { message: 'must be a JSON value', test: (v) => v !== undefined && isJsonValue(v) },
  in: { message: 'must be a non-empty array of JSON values', test: isNonEmptyJsonArray },
  not_in: { message: 'must be a non-empty array of JSON values', test: isNonEmptyJsonArray },
  matches: {
    message: `must be a wildcard pattern of 1 to ${MAX_PATTERN_LENGTH} characters`,
    test: (v) => typeof v === 'string' && v.length > 0 && v.length <= MAX_PATTERN_LENGTH,
  },
  max: { message: 'must be a finite number', test: (v) => Number.isFinite(v) },
  min: { message: 'must be a finite number', test: (v) => Number.isFinite(v) },
  max_length: {
    message: 'must be a non-negative integer',
    test: (v) => Number.isInteger(v) && (v as number) >= 0,
  },
  exists: { test: (v) => v === undefined },
  not_exists: { test: (v) => v === undefined },
};

/** Reports every problem in `conditions.arguments`. */
export function validateArgumentConstraints(value: unknown, path: string, report: Report): void {
  if (!Array.isArray(value) || value.length === 0) {
    report(path, 'must be a non-empty array of { path, op, value } constraints');
    return;
  }
  value.forEach((item, index) => validateConstraint(item, `${path}[${index}]`, report));
}

function validateConstraint(item: unknown, path: string, report: Report): void {
  if (!isRecord(item)) {
    report(path, 'must be an object { path, op, value }');
    return;
  }
  rejectUnknownKeys(item, ['path', 'op', 'value'], path, report);
  const pathProblem = argumentPathProblem(item.path);
  if (pathProblem !== undefined) report(`${path}.path`, pathProblem);
  if (!ARGUMENT_OPS.includes(item.op as ArgumentOp)) {
    report(`${path}.op`, `must be one of ${ARGUMENT_OPS.join(', ')}`);
    return;
  }
  const rule = VALUE_RULES[item.op as ArgumentOp];
  const value = item.value;
  if (rule.message === undefined && value !== undefined) {
    report(`${path}.value`, `must be absent for op "${String(item.op)}"`);
  } else if (rule.message !== undefined && !rule.test(value)) {
    report(`${path}.value`, `${rule.message} for op "${String(item.op)}"`);
  }
}

function argumentPathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string' || path === '') return 'must be a non-empty dot path such as "a.b"';
  const segments = path.split('.');
  if (segments.length > MAX_PATH_SEGMENTS) return `must have at most ${MAX_PATH_SEGMENTS} segments`;
  if (segments.some((segment) => segment === '')) return 'must not have empty segments';
  if (segments.some((segment) => FORBIDDEN_SEGMENTS.has(segment))) {
    return 'must not name __proto__, prototype or constructor';
  }
  return undefined;
}

function isNonEmptyJsonArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && isJsonValue(value);
}

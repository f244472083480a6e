import type { Check } from './check.js';
import type { CheckStatus } from './decision-types.js';
import type { ArgumentConstraint, ArgumentOp } from './policy-types.js';
import { wildcardMatch } from './wildcard-match.js';

const MISSING = Symbol('missing');
const ARRAY_INDEX = /^(0|[1-9]\d*)$/;
type Found = unknown;
type OpTest = (found: Found, expected: unknown) => CheckStatus;

const when = (ok: boolean): CheckStatus => (ok ? 'match' : 'no_match');

/**
 * Absent values: eq/in/matches/max/min/max_length/exists do not match, neq/not_in/not_exists
 * do. A value of the wrong type (a number where `matches` wants a string) is `unknown`, which
 * makes a deny apply and an allow not: sending an odd type never slips past a constraint.
 */
const OPS: Record<ArgumentOp, OpTest> = {
  eq: (v, e) => when(v !== MISSING && jsonEqual(v, e)),
  neq: (v, e) => when(v === MISSING || !jsonEqual(v, e)),
  in: (v, e) => when(v !== MISSING && (e as unknown[]).some((item) => jsonEqual(v, item))),
  not_in: (v, e) => when(v === MISSING || !(e as unknown[]).some((item) => jsonEqual(v, item))),
  matches: (v, e) =>
    v === MISSING
      ? 'no_match'
      : typeof v !== 'string'
        ? 'unknown'
        : when(wildcardMatch(e as string, v)),
  max: (v, e) => numeric(v, (n) => n <= (e as number)),
  min: (v, e) => numeric(v, (n) => n >= (e as number)),
  max_length: (v, e) => {
    if (v === MISSING) return 'no_match';
    if (typeof v === 'string' || Array.isArray(v)) return when(v.length <= (e as number));
    return 'unknown';
  },
  exists: (v) => when(v !== MISSING),
  not_exists: (v) => when(v === MISSING),
};

function numeric(v: Found, test: (n: number) => boolean): CheckStatus {
  if (v === MISSING) return 'no_match';
  return typeof v === 'number' && Number.isFinite(v) ? when(test(v)) : 'unknown';
}

/** Compiles one argument constraint; the path is split here, once. */
export function compileArgumentCheck(constraint: ArgumentConstraint): Check {
  const segments = constraint.path.split('.');
  const test = OPS[constraint.op];
  const expected = constraint.value;
  const name = `argument ${constraint.path} ${constraint.op}${
    expected === undefined ? '' : ` ${JSON.stringify(expected)}`
  }`;
  return {
    name,
    evaluate: ({ context }) =>
      context.arguments === undefined
        ? 'unknown'
        : test(lookup(context.arguments, segments), expected),
    detail: ({ context }) => {
      if (context.arguments === undefined) return 'arguments not known for this decision';
      const found = lookup(context.arguments, segments);
      return found === MISSING
        ? `${constraint.path} is absent`
        : `${constraint.path} is ${JSON.stringify(found)}`;
    },
  };
}

/** Own properties and array indexes only, so '__proto__'-style paths find nothing. */
function lookup(root: unknown, segments: readonly string[]): Found {
  let current: unknown = root;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      if (!ARRAY_INDEX.test(segment)) return MISSING;
      const index = Number(segment);
      if (index >= current.length) return MISSING;
      current = current[index];
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return MISSING;
    }
  }
  return current === undefined ? MISSING : current;
}

/** Structural equality for JSON values (object key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  if (aKeys.length !== Object.keys(bRecord).length) return false;
  return aKeys.every(
    (key) =>
      Object.hasOwn(bRecord, key) && jsonEqual((a as Record<string, unknown>)[key], bRecord[key]),
  );
}

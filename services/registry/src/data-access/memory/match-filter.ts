import type { FieldCondition, Filter, Scalar } from '../../domain/ports/document-store.js';

export function valueAt(doc: unknown, path: string): unknown {
  let current: unknown = doc;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function equalsScalar(stored: unknown, wanted: Scalar): boolean {
  if (Array.isArray(stored)) return stored.some((item) => item === wanted);
  if (wanted === null) return stored === null || stored === undefined;
  return stored === wanted;
}

function inRange(stored: unknown, cond: Record<string, unknown>): boolean {
  if (typeof stored !== 'string' && typeof stored !== 'number') return false;
  for (const [op, bound] of Object.entries(cond)) {
    if (bound === undefined) continue;
    if (typeof bound !== typeof stored) return false;
    const b = bound as string | number;
    if (op === 'gte' && !(stored >= b)) return false;
    if (op === 'gt' && !(stored > b)) return false;
    if (op === 'lte' && !(stored <= b)) return false;
    if (op === 'lt' && !(stored < b)) return false;
  }
  return true;
}

export function matchesCondition(stored: unknown, condition: FieldCondition): boolean {
  if (condition === null || typeof condition !== 'object') return equalsScalar(stored, condition);
  if ('in' in condition) return condition.in.some((wanted) => equalsScalar(stored, wanted));
  if ('exists' in condition) return (stored !== undefined) === condition.exists;
  return inRange(stored, condition as Record<string, unknown>);
}

/** In-memory evaluation of the port's filter language, with MongoDB's semantics. */
export function matchesFilter(doc: unknown, filter: Filter | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([path, condition]) =>
    matchesCondition(valueAt(doc, path), condition),
  );
}

/** Total order used for sorting: missing/null first, then numbers, then strings, then booleans. */
export function compareValues(a: unknown, b: unknown): number {
  const rank = (v: unknown) =>
    v === undefined || v === null ? 0 : typeof v === 'number' ? 1 : typeof v === 'string' ? 2 : 3;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  if (a === b) return 0;
  return (a as number | string) < (b as number | string) ? -1 : 1;
}

import { appError } from '@mcpgw/errors';
import type { Filter as MongoFilter } from 'mongodb';
import type { FieldCondition, Filter, Scalar } from '../../domain/ports/document-store.js';
import { mongoPath } from './field-path.js';
import type { MongoRow } from './map-document.js';

const RANGE_OPERATORS = { gte: '$gte', gt: '$gt', lte: '$lte', lt: '$lt' } as const;

function invalid(path: string): Error {
  return appError('VALIDATION_FAILED', `The condition on "${path.slice(0, 64)}" is invalid.`);
}

function isScalar(value: unknown): value is Scalar {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

// Conditions arrive typed, but some are built from request input; anything outside the port's
// language is refused so an object like `{ $ne: 1 }` can never reach the server as an operator.
function translateObject(path: string, condition: object): Record<string, unknown> {
  const entries = Object.entries(condition).filter(([, value]) => value !== undefined);
  const keys = entries.map(([key]) => key);
  if (keys.length === 1 && keys[0] === 'in') {
    const values: unknown = (condition as { in: unknown }).in;
    if (!Array.isArray(values) || !values.every(isScalar)) throw invalid(path);
    return { $in: values };
  }
  if (keys.length === 1 && keys[0] === 'exists') {
    const exists: unknown = (condition as { exists: unknown }).exists;
    if (typeof exists !== 'boolean') throw invalid(path);
    return { $exists: exists };
  }
  // Every bound undefined: the memory adapter still demands a string or number there.
  if (entries.length === 0) return { $type: ['number', 'string'] };
  const range: Record<string, string | number> = {};
  for (const [key, bound] of entries) {
    const operator = RANGE_OPERATORS[key as keyof typeof RANGE_OPERATORS];
    if (operator === undefined) throw invalid(path);
    if (typeof bound !== 'string' && !(typeof bound === 'number' && Number.isFinite(bound))) {
      throw invalid(path);
    }
    range[operator] = bound;
  }
  return range;
}

function translateCondition(path: string, condition: FieldCondition): unknown {
  if (isScalar(condition)) return condition;
  if (typeof condition !== 'object') throw invalid(path);
  return translateObject(path, condition);
}

/**
 * The port's filter language as a MongoDB query. Equality on an array field means "contains",
 * natively; ranges compare like types only (MongoDB type bracketing), as the memory adapter does.
 */
export function translateFilter(filter: Filter | undefined): MongoFilter<MongoRow> {
  const query: Record<string, unknown> = {};
  for (const [path, condition] of Object.entries(filter ?? {})) {
    query[mongoPath(path)] = translateCondition(path, condition);
  }
  return query as MongoFilter<MongoRow>;
}

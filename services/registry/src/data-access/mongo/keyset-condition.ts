import type { Filter as MongoFilter, Sort } from 'mongodb';
import type { Scalar, SortSpec } from '../../domain/ports/document-store.js';
import type { CursorPosition } from '../cursor.js';
import { mongoPath } from './field-path.js';
import type { MongoRow } from './map-document.js';

type Query = Record<string, unknown>;

// MongoDB's order for the scalars the port stores, the same as the memory adapter's
// compareValues: missing/null, numbers, strings, booleans. A range operator only compares within
// one of these brackets, so "after the cursor" is spelled per bracket.
const BRACKETS = [null, 'number', 'string', 'bool'] as const;

function bracketOf(value: Scalar | undefined): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return 1;
  return typeof value === 'string' ? 2 : 3;
}

function inBracket(field: string, bracket: number): Query {
  const type = BRACKETS[bracket];
  return type === null || type === undefined ? { [field]: null } : { [field]: { $type: type } };
}

/** The driver sort for a port sort: the field, then `_id` in the same direction. */
export function mongoSort(sort: SortSpec): Sort {
  const field = mongoPath(sort.field);
  return field === '_id'
    ? { _id: sort.direction }
    : { [field]: sort.direction, _id: sort.direction };
}

/**
 * Documents strictly after the cursor position in the sort order: a greater (or, descending,
 * smaller) value of the same type, an equal value with a later id, or any value of a type that
 * sorts later. Null and missing values are one bracket and compare equal, as in MongoDB.
 */
export function keysetCondition(position: CursorPosition): MongoFilter<MongoRow> {
  const field = mongoPath(position.field);
  const after = position.direction === 1 ? '$gt' : '$lt';
  if (field === '_id') return { _id: { [after]: position.id } } as MongoFilter<MongoRow>;
  const value = position.value ?? null;
  const bracket = bracketOf(value);
  const branches: Query[] = [{ [field]: value, _id: { [after]: position.id } }];
  if (value !== null) branches.push({ [field]: { [after]: value } });
  for (let other = 0; other < BRACKETS.length; other += 1) {
    const later = position.direction === 1 ? other > bracket : other < bracket;
    if (later) branches.push(inBracket(field, other));
  }
  return { $or: branches } as MongoFilter<MongoRow>;
}

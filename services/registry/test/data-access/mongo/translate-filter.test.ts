import { describe, expect, it } from 'vitest';
import type { Filter } from '../../../src/domain/ports/document-store.js';
import { keysetCondition, mongoSort } from '../../../src/data-access/mongo/keyset-condition.js';
import { translateFilter } from '../../../src/data-access/mongo/translate-filter.js';

describe('translateFilter', () => {
  it('when given every form of the port language, then builds the MongoDB query with id as _id', () => {
    const filter: Filter = {
      id: { in: ['a'] },
      name: 'x',
      'owner.team': 'red',
      score: { gte: 1, lt: 5 },
      at: { exists: false },
    };
    expect(translateFilter(filter)).toEqual({
      _id: { $in: ['a'] },
      name: 'x',
      'owner.team': 'red',
      score: { $gte: 1, $lt: 5 },
      at: { $exists: false },
    });
  });

  const hostile: [string, unknown][] = [
    ['an operator object', { name: { $ne: 'x' } }],
    ['an operator inside in', { name: { in: [{ $gt: '' }] } }],
    ['a non-boolean exists', { name: { exists: 'yes' } }],
    ['an object range bound', { score: { gt: { $where: '1' } } }],
    ['a $ field name', { $where: 'sleep(1000)' }],
    ['a $ path segment', { 'owner.$id': 'x' }],
    ['an empty path segment', { 'owner..team': 'x' }],
  ];
  for (const [label, filter] of hostile) {
    it(`when the filter holds ${label}, then it is refused with VALIDATION_FAILED`, () => {
      expect(() => translateFilter(filter as Filter)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
    });
  }
});

describe('keysetCondition', () => {
  it('when the sort is by id, then the condition is on _id alone', () => {
    expect(keysetCondition({ field: 'id', direction: -1, value: 'b', id: 'b' })).toEqual({
      _id: { $lt: 'b' },
    });
    expect(mongoSort({ field: 'id', direction: -1 })).toEqual({ _id: -1 });
  });

  it('when the cursor value is null ascending, then every non-null value comes after it', () => {
    expect(keysetCondition({ field: 'group', direction: 1, value: null, id: 'k' })).toEqual({
      $or: [
        { group: null, _id: { $gt: 'k' } },
        { group: { $type: 'number' } },
        { group: { $type: 'string' } },
        { group: { $type: 'bool' } },
      ],
    });
  });

  it('when the cursor value is a number descending, then smaller numbers and nulls come after it', () => {
    expect(keysetCondition({ field: 'group', direction: -1, value: 2, id: 'k' })).toEqual({
      $or: [{ group: 2, _id: { $lt: 'k' } }, { group: { $lt: 2 } }, { group: null }],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { createBoundedMap } from '../../src/domain/limits/bounded-map.js';

describe('createBoundedMap', () => {
  it('when the newest key is read again and again, then the oldest key is still the one evicted', () => {
    const map = createBoundedMap<number>(2);
    map.set('a', 1);
    map.set('b', 2);
    for (let i = 0; i < 3; i += 1) map.get('b');

    map.set('c', 3);

    expect([...map.entries()]).toEqual([
      ['b', 2],
      ['c', 3],
    ]);
    expect(map.evictions()).toBe(1);
  });

  it('when an older key is read after the newest, then it moves to the back and survives', () => {
    const map = createBoundedMap<number>(2);
    map.set('a', 1);
    map.get('a');
    map.set('b', 2);
    map.get('a');

    map.set('c', 3);

    expect([...map.entries()].map(([key]) => key)).toEqual(['a', 'c']);
  });

  it('when the newest key is written again, then its value changes and the order stays', () => {
    const map = createBoundedMap<number>(3);
    map.set('a', 1);
    map.set('b', 2);

    map.set('b', 20);

    expect([...map.entries()]).toEqual([
      ['a', 1],
      ['b', 20],
    ]);
  });
});

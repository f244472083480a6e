import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../src/domain/audit/retry-backoff.js';

describe('backoffDelayMs', () => {
  it('when failures repeat, then the delay doubles from the initial value up to the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) =>
      backoffDelayMs(n, { initialMs: 100, maxMs: 5000 }),
    );

    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
  });

  it('when no backoff is configured, then it starts at 250 ms and stops growing at 30 s', () => {
    expect([backoffDelayMs(1), backoffDelayMs(1000)]).toEqual([250, 30_000]);
  });
});

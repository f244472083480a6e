import { describe, expect, it } from 'vitest';
import { exitCodeFor, formatSummary, type StepResult } from '../src/summary.js';

const results: StepResult[] = [
  { step: 'realm', status: 'pass', change: 'unchanged', detail: 'unchanged', ms: 12 },
  { step: 'health', status: 'skip', detail: 'skipped: not running: gateway', ms: 3 },
  {
    step: 'smoke',
    status: 'fail',
    detail: 'Token request for x refused: unauthorized_client',
    ms: 40,
  },
];

describe('formatSummary', () => {
  it('when steps passed, skipped and failed, then each has a row and the counts close the table', () => {
    const text = formatSummary(results, false);
    const lines = text.split('\n');

    expect(lines[0]).toMatch(/^step\s+result\s+time\s+detail$/);
    expect(lines[2]).toMatch(/^realm\s+PASS\s+12 ms\s+unchanged$/);
    expect(lines[3]).toMatch(/^health\s+SKIP/);
    expect(lines[4]).toMatch(/^smoke\s+FAIL\s+40 ms\s+Token request/);
    expect(lines.at(-1)).toBe('1 passed, 1 skipped, 1 failed');
  });

  it('when it was a dry run, then the last line says nothing was changed', () => {
    expect(formatSummary(results.slice(0, 1), true).split('\n').at(-1)).toBe(
      '1 passed, 0 skipped, 0 failed (dry run: nothing was changed)',
    );
  });
});

describe('exitCodeFor', () => {
  it('when any step failed, then 1; when none failed, then 0', () => {
    expect(exitCodeFor(results)).toBe(1);
    expect(exitCodeFor(results.slice(0, 2))).toBe(0);
  });
});

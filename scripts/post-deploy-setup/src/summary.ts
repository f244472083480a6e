import type { StepName } from './step-names.js';

export type StepStatus = 'pass' | 'skip' | 'fail';

export interface StepResult {
  readonly step: StepName;
  readonly status: StepStatus;
  /** For passed steps: what changed (or, in a dry run, would change). */
  readonly change?: 'created' | 'updated' | 'unchanged';
  /** `created`, `updated`, `unchanged`, or for skip/fail a short reason. Never a secret. */
  readonly detail: string;
  readonly ms: number;
}

/** The final table; one row per step that ran or was skipped. */
export function formatSummary(results: readonly StepResult[], dryRun: boolean): string {
  const rows = results.map((r) => [r.step, r.status.toUpperCase(), `${r.ms} ms`, r.detail]);
  const header = ['step', 'result', 'time', 'detail'];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ');
  const counts = (status: StepStatus) => results.filter((r) => r.status === status).length;
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `${counts('pass')} passed, ${counts('skip')} skipped, ${counts('fail')} failed${dryRun ? ' (dry run: nothing was changed)' : ''}`,
  ].join('\n');
}

export function exitCodeFor(results: readonly StepResult[]): number {
  return results.some((r) => r.status === 'fail') ? 1 : 0;
}

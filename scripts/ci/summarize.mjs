// Prints the one closing line CI reads: "N passed, N failed[, N skipped]".
// Counts every vitest test from the JSON reports, plus each non-test step (build, lint, docs
// drift, test environment, IaC checks) as one check, so a failing step can never hide behind
// green tests. A vitest step that failed without writing a report (crash) counts as one failure.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? 'reports';
const steps = existsSync(path.join(dir, 'steps.tsv'))
  ? readFileSync(path.join(dir, 'steps.tsv'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name, result] = line.split('\t');
        return { name, result };
      })
  : [];

const reportOf = { unit: 'unit.json', integration: 'integration.json' };
let passed = 0;
let failed = 0;
let skipped = 0;

for (const step of steps) {
  const report = reportOf[step.name];
  if (report) {
    const file = path.join(dir, report);
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8'));
      passed += json.numPassedTests ?? 0;
      failed += json.numFailedTests ?? 0;
      skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
      // A suite that failed outside its tests (syntax error, a setup hook that could not reach
      // its component) fails without any failed test: count it as one failure.
      const brokenSuites = (json.testResults ?? []).filter(
        (r) =>
          r.status === 'failed' && !(r.assertionResults ?? []).some((a) => a.status === 'failed'),
      ).length;
      failed += brokenSuites;
      if (step.result === 'fail' && (json.numFailedTests ?? 0) === 0 && brokenSuites === 0)
        failed += 1;
      continue;
    }
    if (step.result === 'fail') failed += 1;
    continue;
  }
  if (step.result === 'pass') passed += 1;
  else failed += 1;
}

if (steps.length === 0) failed += 1;
process.stdout.write(
  `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
);

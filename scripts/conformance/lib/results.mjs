// Reads the conformance CLI's per-scenario `checks.json` files and compares two runs.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const DIR_NAME = /^server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$/;

/**
 * A SUCCESS that proves nothing: server-everything lacks the conformance suite's test tools
 * (`test_simple_text`, `test_error_handling`…) and, like the v1 SDK, answers an unknown tool
 * with an `isError` result, which the 0.1.16 checks accept. The gateway answers unknown tools
 * with JSON-RPC -32602, as the spec says and as SECURITY.md requires for hidden tools, so such
 * a scenario cannot be compared; it is reported as vacuous instead of as a pass.
 */
function isVacuousSuccess(check) {
  const result = check.details?.result;
  if (check.status !== 'SUCCESS' || result?.isError !== true) return false;
  const text = (result.content ?? []).map((c) => c.text ?? '').join(' ');
  return /\bTool \S+ not found\b/.test(text);
}

/**
 * `{ scenario: { passed, vacuous, checks: { checkId: status } } }` from an `--output-dir`.
 * A scenario passes when none of its checks is FAILURE (WARNING and INFO do not fail it).
 */
export function readResults(outputDir) {
  const scenarios = {};
  for (const entry of readdirSync(outputDir).sort()) {
    const match = DIR_NAME.exec(entry);
    if (match === null) continue;
    const checks = JSON.parse(readFileSync(path.join(outputDir, entry, 'checks.json'), 'utf8'));
    const statuses = Object.fromEntries(checks.map((c) => [c.id, c.status]));
    const passed = checks.length > 0 && checks.every((c) => c.status !== 'FAILURE');
    const vacuous = passed && checks.some(isVacuousSuccess);
    scenarios[match[1]] = { passed, vacuous, checks: statuses };
  }
  return scenarios;
}

/** Scenarios and checks passing directly that do not pass through the gateway. */
export function regressions(direct, gateway) {
  const found = [];
  for (const [name, d] of Object.entries(direct)) {
    if (d.vacuous) continue;
    const g = gateway[name];
    if (g === undefined) {
      if (d.passed) found.push(`${name}: not run through the gateway`);
      continue;
    }
    const before = found.length;
    // INFO/WARNING through the gateway is not a failure: e.g. "returned JSON, SSE is optional".
    for (const [check, status] of Object.entries(d.checks)) {
      const through = g.checks[check];
      if (status === 'SUCCESS' && (through === undefined || through === 'FAILURE')) {
        found.push(
          `${name}/${check}: SUCCESS directly, ${through ?? 'missing'} through the gateway`,
        );
      }
    }
    if (found.length === before && d.passed && !g.passed) {
      found.push(`${name}: passes directly, fails through the gateway`);
    }
  }
  return found;
}

/** Two result lists side by side, one scenario per line. */
export function formatTable(direct, gateway) {
  const names = [...new Set([...Object.keys(direct), ...Object.keys(gateway)])];
  const width = Math.max(...names.map((n) => n.length), 8);
  const mark = (r) => (r === undefined ? '-' : r.vacuous ? 'vacuous' : r.passed ? 'pass' : 'FAIL');
  const lines = [`${'scenario'.padEnd(width)}  direct   gateway`];
  for (const name of names) {
    lines.push(`${name.padEnd(width)}  ${mark(direct[name]).padEnd(7)}  ${mark(gateway[name])}`);
  }
  const count = (r) => Object.values(r).filter((s) => s.passed && !s.vacuous).length;
  lines.push(
    `passed: direct ${count(direct)}/${Object.keys(direct).length}, ` +
      `gateway ${count(gateway)}/${Object.keys(gateway).length}`,
  );
  return lines.join('\n');
}

import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/cli-args.js';
import { STEP_NAMES } from '../src/step-names.js';

describe('parseCliArgs', () => {
  it('when only --env is given, then every step runs, not as a dry run', () => {
    expect(parseCliArgs(['--env', 'local'])).toEqual({
      kind: 'run',
      options: { env: 'local', dryRun: false, steps: [...STEP_NAMES], requireServices: false },
    });
  });

  it('when --only lists steps out of order, then they run in setup order', () => {
    const parsed = parseCliArgs(['--env', 'dev', '--only', 'seed,realm', '--dry-run']);
    expect(parsed).toMatchObject({
      kind: 'run',
      options: { steps: ['realm', 'seed'], dryRun: true },
    });
  });

  it('when --skip names steps, then all others run', () => {
    const parsed = parseCliArgs(['--env', 'prod', '--skip', 'health,smoke']);
    expect(parsed).toMatchObject({
      kind: 'run',
      options: { steps: STEP_NAMES.filter((s) => s !== 'health' && s !== 'smoke') },
    });
  });

  it('when --help is given, then help wins over everything else', () => {
    expect(parseCliArgs(['--help', '--env', 'nope'])).toEqual({ kind: 'help' });
  });

  it('when several flags are wrong, then every problem is reported at once', () => {
    const parsed = parseCliArgs([
      '--env',
      'qa',
      '--only',
      'realm,dance',
      '--skip',
      'seed',
      '--realm',
      'a b',
    ]);
    expect(parsed.kind).toBe('error');
    expect(parsed.kind === 'error' && parsed.problems).toEqual([
      '--env must be one of local, dev, staging, prod',
      '--only: unknown step(s) dance',
      '--only and --skip cannot be combined',
      '--realm must be 1-64 letters, digits, _ or -',
    ]);
  });

  it('when --env is missing or an unknown flag is given, then it is an error', () => {
    expect(parseCliArgs([])).toEqual({ kind: 'error', problems: ['--env is required'] });
    expect(parseCliArgs(['--env', 'local', '--force']).kind).toBe('error');
  });
});

import { parseArgs } from 'node:util';
import { ENVIRONMENTS, STEP_NAMES, type Environment, type StepName } from './step-names.js';

export interface CliOptions {
  readonly env: Environment;
  readonly dryRun: boolean;
  readonly steps: readonly StepName[];
  readonly requireServices: boolean;
  readonly realm?: string;
  readonly outputsFile?: string;
  readonly seedDir?: string;
}

export type CliParse =
  | { readonly kind: 'help' }
  | { readonly kind: 'run'; readonly options: CliOptions }
  | { readonly kind: 'error'; readonly problems: readonly string[] };

export const USAGE = `Usage: npm run post-deploy -- --env <local|dev|staging|prod> [options]

Makes a fresh deployment usable. Idempotent: a second run changes nothing.

Options:
  --env <name>          local (test environment in .test-env/env.json) or a Terraform env
                        root under infra/envs/<name> (reads \`terraform output -json\`)
  --dry-run             print what would change; change nothing
  --only <steps>        comma-separated steps to run
  --skip <steps>        comma-separated steps to leave out
  --realm <name>        Keycloak realm (default: mcpgw)
  --outputs-file <path> Terraform outputs JSON instead of running terraform
  --seed-dir <path>     directory with scopes.yaml and policies.yaml (default: config/seed)
  --require-services    fail (not skip) the health step when services are not running
  --help                show this text

Steps: ${STEP_NAMES.join(', ')}`;

function stepList(value: string | undefined, flag: string, problems: string[]): StepName[] {
  if (value === undefined) return [];
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !(STEP_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) problems.push(`${flag}: unknown step(s) ${unknown.join(', ')}`);
  if (names.length === 0) problems.push(`${flag}: needs at least one step`);
  return names.filter((name): name is StepName => (STEP_NAMES as readonly string[]).includes(name));
}

/** Parses argv (without node and script); reports every problem at once. */
export function parseCliArgs(argv: readonly string[]): CliParse {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        env: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        only: { type: 'string' },
        skip: { type: 'string' },
        realm: { type: 'string' },
        'outputs-file': { type: 'string' },
        'seed-dir': { type: 'string' },
        'require-services': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    return { kind: 'error', problems: [err instanceof Error ? err.message : String(err)] };
  }
  if (values.help) return { kind: 'help' };
  const problems: string[] = [];
  const env = values.env;
  if (env === undefined) problems.push('--env is required');
  else if (!(ENVIRONMENTS as readonly string[]).includes(env)) {
    problems.push(`--env must be one of ${ENVIRONMENTS.join(', ')}`);
  }
  const only = stepList(values.only, '--only', problems);
  const skip = stepList(values.skip, '--skip', problems);
  if (values.only !== undefined && values.skip !== undefined) {
    problems.push('--only and --skip cannot be combined');
  }
  if (values.realm !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(values.realm)) {
    problems.push('--realm must be 1-64 letters, digits, _ or -');
  }
  if (problems.length > 0) return { kind: 'error', problems };
  const selected = values.only === undefined ? [...STEP_NAMES] : only;
  return {
    kind: 'run',
    options: {
      env: env as Environment,
      dryRun: values['dry-run'],
      steps: STEP_NAMES.filter((step) => selected.includes(step) && !skip.includes(step)),
      requireServices: values['require-services'],
      ...(values.realm === undefined ? {} : { realm: values.realm }),
      ...(values['outputs-file'] === undefined ? {} : { outputsFile: values['outputs-file'] }),
      ...(values['seed-dir'] === undefined ? {} : { seedDir: values['seed-dir'] }),
    },
  };
}

#!/usr/bin/env node
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCliArgs, USAGE } from './cli-args.js';
import { cloudContext, readTerraformOutputs } from './cloud-context.js';
import { localContext, readLocalEnv } from './local-context.js';
import { runSetup } from './run-setup.js';
import type { SetupContext } from './setup-context.js';
import { exitCodeFor, formatSummary } from './summary.js';

// The CLI's only output channel; services use winston, a CLI prints for a person.
const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCliArgs(argv);
  if (parsed.kind === 'help') {
    print(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`${parsed.problems.map((p) => `error: ${p}`).join('\n')}\n\n${USAGE}\n`);
    return 2;
  }
  const { options } = parsed;
  const common = {
    seedDir: path.resolve(options.seedDir ?? path.join(repoRoot, 'config', 'seed')),
    dryRun: options.dryRun,
    requireServices: options.requireServices,
    log: print,
    ...(options.realm === undefined ? {} : { realm: options.realm }),
  };
  let ctx: SetupContext;
  try {
    if (options.env === 'local') {
      const envFile =
        process.env.MCPGW_TEST_ENV_FILE ?? path.join(repoRoot, '.test-env', 'env.json');
      ctx = localContext(await readLocalEnv(envFile), common);
    } else {
      const envDir = path.join(repoRoot, 'infra', 'envs', options.env);
      const outputs = await readTerraformOutputs(envDir, options.outputsFile);
      const tlsCaFile = process.env.DOCDB_TLS_CA_FILE;
      ctx = cloudContext(options.env, outputs, { ...common, ...(tlsCaFile ? { tlsCaFile } : {}) });
    }
  } catch (err) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  print(
    `post-deploy setup: env ${ctx.env}, realm ${ctx.realm}, Keycloak ${ctx.keycloakUrl}${ctx.dryRun ? ' (dry run)' : ''}`,
  );
  const results = await runSetup(ctx, options.steps);
  print('');
  print(formatSummary(results, ctx.dryRun));
  return exitCodeFor(results);
}

process.exitCode = await main(process.argv.slice(2));

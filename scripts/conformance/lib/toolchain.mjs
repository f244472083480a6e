// Node 22 and the conformance CLI, installed from npm into the machine cache, keyed by version.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { installOnce } from '../../test-env/lib/cache.mjs';
import { run } from '../../test-env/lib/proc.mjs';

/** `@modelcontextprotocol/conformance` 0.1.15+ needs Node >= 22; pinned so baselines compare. */
export const CONFORMANCE_VERSION = '0.1.16';
/** The npm package `node@22` ships a real Node 22 binary as `bin/node`. */
export const NODE22_VERSION = '22.23.3';

const NPM_FLAGS = ['--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'];

async function npmInstallInto(dir, spec, log) {
  await run('npm', ['init', '-y'], { cwd: dir, log });
  await run('npm', ['install', ...NPM_FLAGS, spec], { cwd: dir, log, timeoutMs: 300_000 });
}

export async function ensureNode22(log) {
  const dir = await installOnce(`node22-${NODE22_VERSION}`, (tmp) =>
    npmInstallInto(tmp, `node@${NODE22_VERSION}`, log),
  );
  const binary = path.join(dir, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(binary)) throw new Error(`node@${NODE22_VERSION} has no bin/node in ${dir}`);
  const version = (await run(binary, ['--version'], { capture: true, log })).trim();
  if (!version.startsWith('v22.')) {
    throw new Error(`${binary} reports ${version || 'nothing'}, not Node 22 (remove ${dir})`);
  }
  return { binary, version };
}

export async function ensureConformanceCli(log) {
  const dir = await installOnce(`conformance-${CONFORMANCE_VERSION}`, (tmp) =>
    npmInstallInto(tmp, `@modelcontextprotocol/conformance@${CONFORMANCE_VERSION}`, log),
  );
  const entry = path.join(
    dir,
    'node_modules',
    '@modelcontextprotocol',
    'conformance',
    'dist',
    'index.js',
  );
  if (!existsSync(entry)) throw new Error(`conformance CLI missing at ${entry} (remove ${dir})`);
  return entry;
}

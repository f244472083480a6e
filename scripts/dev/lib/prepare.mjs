import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

function mtimeMs(file) {
  return statSync(file).mtimeMs;
}

/**
 * Why dependencies must be (re)installed, or undefined when they are current. npm rewrites
 * node_modules/.package-lock.json on every install, so it dates the last install.
 */
export function installReason(root) {
  const lock = path.join(root, 'package-lock.json');
  const modules = path.join(root, 'node_modules');
  if (!existsSync(modules)) return 'node_modules is missing';
  const hidden = path.join(modules, '.package-lock.json');
  const installedAt = existsSync(hidden) ? mtimeMs(hidden) : mtimeMs(modules);
  if (existsSync(lock) && installedAt < mtimeMs(lock)) {
    return 'package-lock.json is newer than node_modules';
  }
  return undefined;
}

function run(root, label, command, args, say) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(
      `${[path.basename(command), ...args].join(' ')} failed (exit ${result.status})`,
    );
  }
  say(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** npm ci when needed, then an incremental `tsc -b` of the whole solution. */
export function prepare(root, { skipInstall, skipBuild, say }) {
  const reason = skipInstall ? undefined : installReason(root);
  if (reason !== undefined) {
    say(`${reason}: running npm ci …`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    run(root, 'npm ci', npm, ['ci', '--no-audit', '--no-fund'], say);
  }
  if (!skipBuild) {
    say('building with tsc -b (incremental) …');
    const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
    run(root, 'tsc -b', process.execPath, [tsc, '-b'], say);
  }
}

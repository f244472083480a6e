// Cached Python virtual environments, one per pinned requirement set.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { cachePath, installOnce } from './cache.mjs';
import { run } from './proc.mjs';

function pythonTag() {
  const version = execFileSync(
    'python3',
    ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'],
    {
      encoding: 'utf8',
      timeout: 20_000,
    },
  );
  return `py${version.trim()}`;
}

export function venvName(name) {
  return `${name}-${pythonTag()}`;
}

/**
 * Creates the venv once. It is built in a temporary directory and renamed, so its console
 * scripts carry a stale shebang: always call `<venv>/bin/python -m …`.
 */
export function ensureVenv(name, requirements, log) {
  return installOnce(venvName(name), async (tmp) => {
    await run('python3', ['-m', 'venv', tmp], { log, timeoutMs: 120_000 });
    await run(
      path.join(tmp, 'bin', 'python'),
      ['-m', 'pip', 'install', '--quiet', ...requirements],
      {
        log,
        timeoutMs: 900_000,
      },
    );
  });
}

export function venvPython(dir) {
  return path.join(dir, 'bin', 'python');
}

export function venvPath(name) {
  return cachePath(venvName(name));
}

// Checks everything `up` will need before it starts anything, and reports all problems at once.
import { MIN_FREE_BYTES, freeBytes } from './cache.mjs';
import { freePort } from './net.mjs';
import { cacheDir } from './paths.mjs';
import { which } from './toolchain.mjs';

export async function preflight(toStart) {
  const problems = [];
  let installs = false;
  for (const component of toStart) {
    const result = component.preflight();
    problems.push(...result.problems);
    installs ||= result.installs;
  }
  if (!which('tar')) problems.push('`tar` is not on PATH');
  if (installs) {
    const free = freeBytes();
    if (free < MIN_FREE_BYTES) {
      problems.push(
        `disk: ${(free / 1024 ** 3).toFixed(1)} GB free in ${cacheDir}; first-run installs need ≥ 3 GB (set MCPGW_CACHE_DIR elsewhere?)`,
      );
    }
  }
  try {
    await freePort();
  } catch (err) {
    problems.push(`ports: cannot bind a port on 127.0.0.1 (${err.message})`);
  }
  return problems;
}

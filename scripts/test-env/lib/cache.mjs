// Versioned cache entries: built in a temp dir, renamed into place, so a half-done install is
// never mistaken for a finished one.
import { existsSync, mkdirSync, rmSync, renameSync, statfsSync } from 'node:fs';
import path from 'node:path';
import { cacheDir } from './paths.mjs';

export const MIN_FREE_BYTES = 3 * 1024 ** 3;

export function cachePath(name) {
  return path.join(cacheDir, name);
}

export async function installOnce(name, build) {
  const target = cachePath(name);
  if (existsSync(target)) return target;
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${target}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    await build(tmp);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return target;
}

export function freeBytes() {
  mkdirSync(cacheDir, { recursive: true });
  const stats = statfsSync(cacheDir);
  return stats.bavail * stats.bsize;
}

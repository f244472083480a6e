// Where the test environment keeps its state (per checkout) and its cache (per machine).
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(start) {
  let dir = start;
  for (let i = 0; i < 20; i += 1) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).workspaces) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(
    `cannot find the repository root (package.json with "workspaces") above ${start}`,
  );
}

export const scriptDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const repoRoot = findRepoRoot(scriptDir);
export const stateDir = path.join(repoRoot, '.test-env');
export const logDir = path.join(stateDir, 'logs');
export const dataDir = path.join(stateDir, 'data');
export const stateFile = path.join(stateDir, 'state.json');
export const envJsonFile = path.join(stateDir, 'env.json');
export const envShellFile = path.join(stateDir, 'env');
export const cacheDir = process.env.MCPGW_CACHE_DIR || path.join(os.homedir(), '.cache', 'mcpgw');

export function logFile(name) {
  return path.join(logDir, `${name}.log`);
}

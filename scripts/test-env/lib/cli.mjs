// Entry point behind scripts/test-env/{up,down,status}.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stateDir } from './paths.mjs';
import { ensureStateDirs } from './state.mjs';
import { down } from './down.mjs';
import { status } from './status.mjs';
import { up } from './up.mjs';

const USAGE = 'usage: scripts/test-env/{up | down [--keep-data] | status}';
const [command, ...flags] = process.argv.slice(2);

async function main() {
  switch (command) {
    case 'up':
      return withLock(up);
    case 'down':
      return withLock(() => down({ keepData: flags.includes('--keep-data') }));
    case 'status':
      return status();
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

/** One `up`/`down` at a time per checkout. */
async function withLock(fn) {
  ensureStateDirs();
  const lock = path.join(stateDir, 'lock');
  if (existsSync(lock)) {
    const holder = Number(readFileSync(lock, 'utf8'));
    try {
      process.kill(holder, 0);
      process.stderr.write(`[test-env] another up/down (pid ${holder}) is running; wait for it\n`);
      return 2;
    } catch (_err) {
      // Stale lock from a killed run.
    }
  }
  writeFileSync(lock, String(process.pid));
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`[test-env] ${err.stack ?? err}\n`);
    process.exit(1);
  },
);

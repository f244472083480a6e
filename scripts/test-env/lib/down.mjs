// `down`: stop exactly the processes `up` recorded, newest dependency first.
import { existsSync, rmSync } from 'node:fs';
import { components } from './components/index.mjs';
import { removeEnvFiles } from './env-file.mjs';
import { say } from './log.mjs';
import { dataDir, stateFile } from './paths.mjs';
import { stopProcess } from './proc.mjs';
import { readState, writeState } from './state.mjs';

export async function down({ keepData }) {
  if (!existsSync(stateFile)) {
    removeEnvFiles();
    say('', 'nothing recorded as running; nothing to stop');
    return 0;
  }
  const state = readState();
  let failed = false;
  for (const c of [...components].reverse()) {
    const entry = state.components[c.name];
    if (!entry?.pid) continue;
    const result = await stopProcess(entry, {
      signal: entry.stopSignal ?? 'SIGTERM',
      timeoutMs: 30_000,
    });
    say(c.name, `${result} (pid ${entry.pid})`);
    if (result === 'still running after SIGKILL') failed = true;
    else delete entry.pid;
  }
  removeEnvFiles();
  if (failed) {
    writeState(state);
    return 1;
  }
  if (keepData) {
    writeState(state);
    say('', 'stopped; data and secrets kept in .test-env/ (next `up` reuses them)');
  } else {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(stateFile, { force: true });
    say('', 'stopped; data removed (logs kept in .test-env/logs)');
  }
  return 0;
}

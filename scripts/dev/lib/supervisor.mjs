import { spawn } from 'node:child_process';
import { pipeWithPrefix } from './log-lines.mjs';

const KILL_AFTER_MS = 10_000;

/**
 * Starts child processes, prefixes their output, and stops them all together. `onUnexpectedExit`
 * fires when a child dies while the supervisor is not stopping.
 */
export function createSupervisor({ root, pretty, onUnexpectedExit }) {
  const children = [];
  let stopping = false;

  function start(proc, index, width) {
    const child = spawn(process.execPath, proc.args, {
      cwd: root,
      // lateEnv is read at start time: values an earlier process creates (generated secrets).
      env: { ...process.env, ...proc.env, ...(proc.lateEnv?.(root) ?? {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise((resolve) => {
      // 'close', not 'exit': it waits for the output pipes, so the last lines are never lost.
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
    const entry = { proc, child, exited, alive: true };
    children.push(entry);
    const options = { name: proc.name, index, width, pretty };
    pipeWithPrefix(child.stdout, process.stdout, options);
    pipeWithPrefix(child.stderr, process.stderr, options);
    child.once('error', (error) => {
      entry.alive = false;
      if (!stopping) onUnexpectedExit(proc, { error: error.message });
    });
    void exited.then((status) => {
      entry.alive = false;
      if (!stopping) onUnexpectedExit(proc, status);
    });
    return entry;
  }

  /** SIGTERM to all (they drain in parallel), SIGKILL to any still alive after 10 s. */
  async function stopAll(say) {
    stopping = true;
    const alive = children.filter((c) => c.alive);
    for (const entry of alive) entry.child.kill('SIGTERM');
    let killed = 0;
    await Promise.all(
      alive.map(async (entry) => {
        let timer;
        const late = new Promise((resolve) => {
          timer = setTimeout(() => resolve('late'), KILL_AFTER_MS);
        });
        if ((await Promise.race([entry.exited, late])) === 'late') {
          say(`${entry.proc.name} did not stop within ${KILL_AFTER_MS / 1000} s; killing it`);
          entry.child.kill('SIGKILL');
          killed += 1;
          await entry.exited;
        }
        clearTimeout(timer);
      }),
    );
    return { killed };
  }

  return { start, stopAll, children };
}

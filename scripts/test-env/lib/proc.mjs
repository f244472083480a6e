// Child processes: run to completion with a deadline, start detached, check and stop by PID.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a command to completion, output appended to `log`; rejects on non-zero exit or timeout. */
export function run(cmd, args, { log, env, cwd, timeoutMs = 600_000, capture = false } = {}) {
  return new Promise((resolve, reject) => {
    const fd = log ? openSync(log, 'a') : 'ignore';
    const child = spawn(cmd, args, {
      cwd,
      env: env ?? process.env,
      stdio: ['ignore', capture ? 'pipe' : fd, fd],
    });
    let out = '';
    child.stdout?.on('data', (chunk) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const done = (err) => {
      clearTimeout(timer);
      if (typeof fd === 'number') closeSync(fd);
      if (err) reject(err);
      else resolve(out);
    };
    child.on('error', (err) => done(new Error(`${cmd}: ${err.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) done();
      else if (signal === 'SIGKILL') done(new Error(`${cmd} timed out after ${timeoutMs / 1000}s`));
      else done(new Error(`${cmd} ${args[0] ?? ''} exited with ${code ?? signal}`));
    });
  });
}

/** Starts a long-running process in its own process group, detached from this CLI. */
export function startDetached(cmd, args, { log, env, cwd }) {
  const fd = openSync(log, 'a');
  try {
    const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', fd, fd] });
    child.unref();
    if (!child.pid) throw new Error(`could not start ${cmd}`);
    return { pid: child.pid, startTime: processStartTime(child.pid) };
  } finally {
    closeSync(fd);
  }
}

/** Kernel start time of a process (clock ticks since boot), to tell a recycled PID apart. */
export function processStartTime(pid) {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return null;
  const fields = readFileSync(stat, 'utf8').split(')').pop().trim().split(' ');
  // fields[0] is the state (field 3); the start time is field 22.
  return fields[0] === 'Z' ? null : (fields[19] ?? null);
}

export function isAlive(proc) {
  if (!proc?.pid) return false;
  try {
    process.kill(proc.pid, 0);
  } catch (err) {
    if (err.code !== 'EPERM') return false;
  }
  if (!existsSync('/proc/self/stat')) return true;
  const startTime = processStartTime(proc.pid);
  return startTime !== null && (!proc.startTime || startTime === proc.startTime);
}

/** Signals one PID we started, waits up to `timeoutMs`, then kills its process group. */
export async function stopProcess(proc, { signal = 'SIGTERM', timeoutMs = 20_000 } = {}) {
  if (!isAlive(proc)) return 'not running';
  try {
    process.kill(proc.pid, signal);
  } catch (_err) {
    return 'not running';
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(proc)) return 'stopped';
    await sleep(200);
  }
  try {
    // The group exists only if we started the process detached (pgid === pid).
    process.kill(proc.group ? -proc.pid : proc.pid, 'SIGKILL');
  } catch (_err) {
    // Already gone between the last check and the kill.
  }
  for (let i = 0; i < 25 && isAlive(proc); i += 1) await sleep(200);
  return isAlive(proc) ? 'still running after SIGKILL' : 'killed';
}

/** Polls `check` until it returns a truthy value, the process dies, or the deadline passes. */
export async function waitFor(check, { timeoutMs, intervalMs = 500, proc, what }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc && !isAlive(proc)) throw new Error(`${what}: the process exited during start-up`);
    try {
      if (await check()) return;
    } catch (_err) {
      // Not up yet; keep polling until the deadline.
    }
    await sleep(intervalMs);
  }
  throw new Error(`${what}: not ready after ${Math.round(timeoutMs / 1000)}s`);
}

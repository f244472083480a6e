// `up`: start whatever is not running, reuse what is, write env.json.
import { existsSync, renameSync } from 'node:fs';
import { components, keycloak, postgres } from './components/index.mjs';
import { writeEnvFiles } from './env-file.mjs';
import { ComponentError, say, seconds, tail } from './log.mjs';
import { envJsonFile, logFile } from './paths.mjs';
import { preflight } from './preflight.mjs';
import { isAlive, stopProcess } from './proc.mjs';
import { ensureStateDirs, readState, writeState } from './state.mjs';

async function findRunning(state) {
  const running = new Set();
  await Promise.all(
    components.map(async (c) => {
      const entry = state.components[c.name];
      if (entry && (await c.health(entry))) running.add(c.name);
    }),
  );
  return running;
}

/** A recorded process that is alive but unhealthy is stopped before a fresh start. */
async function clearStale(component, state) {
  const entry = state.components[component.name];
  if (!entry?.pid) return;
  if (isAlive(entry)) {
    say(component.name, `pid ${entry.pid} is alive but not healthy; stopping it`);
    await stopProcess(entry, { signal: entry.stopSignal ?? 'SIGTERM', timeoutMs: 30_000 });
  } else {
    say(component.name, `pid ${entry.pid} is gone; restarting`);
  }
}

/** Each start gets a fresh log, so its last 30 lines are about this start; one old log is kept. */
function rotateLog(name) {
  const log = logFile(name);
  if (existsSync(log)) renameSync(log, log.replace(/\.log$/, '.prev.log'));
}

function startAll(toStart, state, running) {
  // Ports of running components are off limits; a restarted one may get its old port back.
  const taken = new Set(
    [...running].flatMap((name) => {
      const e = state.components[name];
      return [e.port, e.managementPort].filter(Boolean);
    }),
  );
  const starting = new Set(toStart.map((c) => c.name));
  for (const name of starting) rotateLog(name);
  const start = async (component, extra = {}) => {
    let spawned;
    const onSpawn = (entry) => (spawned = entry);
    try {
      await clearStale(component, state);
      const previous = state.components[component.name];
      const entry = await component.start({ onSpawn, previous, taken, state, ...extra });
      state.components[component.name] = entry;
      writeState(state);
      return entry;
    } catch (err) {
      // A process that never became healthy is stopped here: it is in no state file.
      if (spawned && isAlive(spawned)) {
        say(component.name, `stopping pid ${spawned.pid}, which never became ready…`);
        await stopProcess(spawned, { signal: spawned.stopSignal ?? 'SIGTERM', timeoutMs: 30_000 });
      }
      throw new ComponentError(component.name, err.message, logFile(component.name));
    }
  };
  const pg = starting.has('postgres')
    ? start(postgres)
    : Promise.resolve(state.components.postgres);
  const tasks = { postgres: pg };
  for (const c of toStart.filter((x) => x !== postgres && x !== keycloak)) tasks[c.name] = start(c);
  if (starting.has('keycloak')) {
    // Download Keycloak and find Java while PostgreSQL starts.
    const prepared = keycloak.prepare().catch((err) => {
      throw new ComponentError('keycloak', err.message, logFile('keycloak'));
    });
    tasks.keycloak = Promise.all([prepared, pg.catch(() => null)]).then(([p, pgEntry]) => {
      if (!pgEntry)
        throw new ComponentError('keycloak', 'not started: postgres failed', logFile('postgres'));
      return start(keycloak, { prepared: p, postgres: pgEntry });
    });
    prepared.catch(() => {});
  }
  return Promise.allSettled(Object.values(tasks));
}

export async function up() {
  const since = Date.now();
  ensureStateDirs();
  const state = readState();
  const running = await findRunning(state);
  for (const name of running) {
    const e = state.components[name];
    say(name, `already running (pid ${e.pid}, port ${e.port})`);
  }
  const toStart = components.filter((c) => !running.has(c.name));
  if (toStart.length === 0) {
    writeEnvFiles(envFrom(state));
    say('', `all components already running; nothing to do. Env: ${envJsonFile}`);
    return 0;
  }
  const problems = await preflight(toStart);
  if (problems.length > 0) {
    say('', 'pre-flight failed:');
    for (const p of problems) process.stderr.write(`  - ${p}\n`);
    return 2;
  }
  const results = await startAll(toStart, state, running);
  const failures = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
  if (failures.length > 0) {
    for (const err of failures) reportFailure(err);
    const names = [...new Set(failures.map((e) => e.component ?? 'unknown'))].join(', ');
    say(
      '',
      `FAILED: ${names}. Components that did start keep running; \`npm run test-env:down\` stops them.`,
    );
    return 1;
  }
  writeEnvFiles(envFrom(state));
  say('', `environment ready in ${seconds(since)}. Env: ${envJsonFile}`);
  return 0;
}

function reportFailure(err) {
  const name = err.component ?? 'unknown';
  process.stderr.write(`[test-env] ${name}: FAILED: ${err.message}\n`);
  if (err.log) {
    process.stderr.write(
      `[test-env] ${name}: last 30 lines of ${err.log}:\n${tail(err.log, 30)}\n`,
    );
  }
}

function envFrom(state) {
  const env = {};
  for (const c of components) {
    const key = c.name === 'ferretdb' ? 'mongo' : c.name;
    env[key] = c.env(state.components[c.name], state);
  }
  return env;
}

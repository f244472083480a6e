#!/usr/bin/env node
// `npm run dev` / `make dev`: install if needed, build, start every service on loopback with
// prefixed logs, wait until each is healthy, print the URLs; Ctrl-C stops everything.
//
// Flags: --skip-install, --skip-build, --json (raw JSON log lines instead of one-line summaries).
// Ports: REGISTRY_PORT, AUTH_PORT, GATEWAY_PORT (defaults 7001, 7002, 7003). LOG_LEVEL is passed on.
// State (generated secrets, registry snapshot): DEV_STATE_DIR (default .dev, relative to the root).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { box, urlLines } from './lib/box.mjs';
import { tryItText } from './lib/try-it.mjs';
import { assertPortsFree } from './lib/ports.mjs';
import { prepare } from './lib/prepare.mjs';
import { createSupervisor } from './lib/supervisor.mjs';
import { waitHealthy } from './lib/wait-healthy.mjs';
import { devProcesses } from './processes.mjs';

const HEALTH_TIMEOUT_MS = 30_000;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const flags = new Set(process.argv.slice(2));
const pretty = !flags.has('--json') && process.env.DEV_LOG_FORMAT !== 'json';

function say(message) {
  process.stdout.write(`dev │ ${message}\n`);
}

function describeExit({ code, signal, error }) {
  if (error !== undefined) return error;
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

async function main() {
  const processes = devProcesses(process.env);
  prepare(root, {
    skipInstall: flags.has('--skip-install'),
    skipBuild: flags.has('--skip-build'),
    say,
  });
  await assertPortsFree(processes);

  let stopping;
  const stop = (exitCode, reason) => {
    stopping ??= (async () => {
      say(reason);
      const { killed } = await supervisor.stopAll(say);
      say('all processes stopped');
      process.exit(killed > 0 ? Math.max(exitCode, 1) : exitCode);
    })();
    return stopping;
  };
  const supervisor = createSupervisor({
    root,
    pretty,
    onUnexpectedExit: (proc, status) =>
      void stop(
        1,
        `${proc.name} stopped unexpectedly (${describeExit(status)}); stopping the rest`,
      ),
  });
  process.on('SIGINT', () => void stop(0, 'SIGINT received; stopping all processes …'));
  process.on('SIGTERM', () => void stop(0, 'SIGTERM received; stopping all processes …'));

  const width = Math.max(3, ...processes.map((proc) => proc.name.length));
  for (const [index, proc] of processes.entries()) {
    if (stopping) return;
    say(`starting ${proc.name} on ${proc.host}:${proc.port} …`);
    const { exited } = supervisor.start(proc, index, width);
    const url = `http://${proc.host}:${proc.port}${proc.healthPath}`;
    try {
      await waitHealthy(url, { timeoutMs: HEALTH_TIMEOUT_MS, exited });
    } catch (error) {
      await stop(1, `${proc.name}: ${error.message}`);
      return;
    }
  }
  process.stdout.write(`${box('MCP Gateway Registry · dev stack is up', urlLines(processes))}\n`);
  process.stdout.write(`\n${tryItText(processes, process.env.DEV_STATE_DIR ?? '.dev')}\n`);
  say('Ctrl-C stops everything');
}

main().catch((error) => {
  process.stderr.write(`dev │ ${error.message}\n`);
  process.exit(1);
});

// `status`: one line per component with pid, port and health.
import { existsSync } from 'node:fs';
import { components } from './components/index.mjs';
import { envJsonFile } from './paths.mjs';
import { isAlive } from './proc.mjs';
import { readState } from './state.mjs';

export async function status() {
  const state = readState();
  let healthy = 0;
  for (const c of components) {
    const entry = state.components[c.name];
    let health = 'not started';
    if (entry?.pid) {
      if (await c.health(entry)) {
        health = 'healthy';
        healthy += 1;
      } else {
        health = isAlive(entry) ? 'UNHEALTHY (process alive)' : 'DEAD (process gone)';
      }
    }
    const ports = [entry?.port, entry?.managementPort].filter(Boolean).join('+') || '-';
    process.stdout.write(
      `${c.name.padEnd(9)} pid ${String(entry?.pid ?? '-').padEnd(8)} port ${ports.padEnd(12)} ${health}\n`,
    );
  }
  process.stdout.write(`env file: ${existsSync(envJsonFile) ? envJsonFile : '(none)'}\n`);
  return healthy === components.length ? 0 : 3;
}

// state.json: what `up` started (pids, ports, data dirs) and the secrets it generated.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dataDir, logDir, stateDir, stateFile } from './paths.mjs';

export function ensureStateDirs() {
  // 0711: the postgres OS user must traverse into data/postgres, but nobody else may list.
  mkdirSync(stateDir, { recursive: true, mode: 0o711 });
  chmodSync(stateDir, 0o711);
  mkdirSync(logDir, { recursive: true, mode: 0o755 });
  mkdirSync(dataDir, { recursive: true, mode: 0o711 });
}

export function readState() {
  if (!existsSync(stateFile)) return { components: {}, secrets: {} };
  try {
    const state = JSON.parse(readFileSync(stateFile, 'utf8'));
    return { components: state.components ?? {}, secrets: state.secrets ?? {} };
  } catch (_err) {
    return { components: {}, secrets: {} };
  }
}

/** Writes a file readable only by the owner, atomically. */
export function writePrivate(file, text) {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
}

export function writeState(state) {
  writePrivate(stateFile, `${JSON.stringify(state, null, 2)}\n`);
}

export function secret(state, key) {
  state.secrets[key] ??= randomBytes(18).toString('base64url');
  return state.secrets[key];
}

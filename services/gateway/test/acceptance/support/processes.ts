import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Real processes the gateway acceptance test starts and stops itself: a FerretDB of its own for
 * the audit sink (so it can be killed without touching the shared test environment) and the
 * MCP Inspector CLI. Every wait is bounded; every process is stopped by its PID.
 */

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const FERRETDB_SOURCE = path.join(REPO_ROOT, 'scripts', 'test-env', 'ferretdb');

/** True once something accepts TCP connections on 127.0.0.1:port. */
export function tcpAccepts(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Polls `check` every `everyMs` until it is true; throws naming `what` after `timeoutMs`. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
  everyMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * The FerretDB binary `scripts/test-env/up` built and cached: the cache entry is named after a
 * hash of the Go sources, exactly as scripts/test-env/lib/components/ferretdb.mjs names it.
 */
export function cachedFerretDbBinary(): string {
  const cacheDir = process.env['MCPGW_CACHE_DIR'] || path.join(os.homedir(), '.cache', 'mcpgw');
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go']) {
    hash.update(readFileSync(path.join(FERRETDB_SOURCE, file)));
  }
  const suffix = hash.digest('hex').slice(0, 12);
  const entry = existsSync(cacheDir)
    ? readdirSync(cacheDir).find(
        (name) => name.startsWith('ferretdb-') && name.endsWith(`-${suffix}`),
      )
    : undefined;
  const binary = entry === undefined ? undefined : path.join(cacheDir, entry, 'ferretdb');
  if (binary === undefined || !existsSync(binary)) {
    throw new Error(
      `No cached FerretDB build (ferretdb-*-${suffix}) in ${cacheDir}: run \`npm run test-env:up\` ` +
        'first (integration tests never skip).',
    );
  }
  return binary;
}

export interface OwnFerretDb {
  readonly port: number;
  readonly uri: string;
  readonly dataDir: string;
  /** PID of the running process, undefined while stopped. */
  readonly pid: number | undefined;
  /** Starts (or restarts) on the same port with the same data directory. */
  start(): Promise<void>;
  /** SIGKILL: the database disappears as in a crash. */
  kill(): Promise<void>;
  /** Stops it if running and removes the data directory. */
  dispose(): Promise<void>;
}

/** A FerretDB (SQLite backend) of the test's own on a fixed free loopback port. */
export function ownFerretDb(port: number): OwnFerretDb {
  const binary = cachedFerretDbBinary();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-gw-audit-ferretdb-'));
  let child: ChildProcess | undefined;
  const output: string[] = [];

  async function stop(signal: NodeJS.Signals): Promise<void> {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(signal);
    const timer = setTimeout(() => running.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  return {
    port,
    uri: `mongodb://127.0.0.1:${port}/`,
    dataDir,
    get pid() {
      return child?.pid;
    },
    async start() {
      if (child !== undefined) throw new Error('FerretDB is already running');
      const started = spawn(binary, ['-port', String(port), '-data-dir', dataDir], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      const keep = (chunk: Buffer) => {
        output.push(chunk.toString('utf8'));
        if (output.length > 200) output.shift();
      };
      started.stdout?.on('data', keep);
      started.stderr?.on('data', keep);
      try {
        await waitUntil(
          async () => {
            if (started.exitCode !== null) {
              throw new Error(`FerretDB exited with ${started.exitCode}: ${output.join('')}`);
            }
            return tcpAccepts(port);
          },
          `FerretDB on 127.0.0.1:${port}`,
          30_000,
        );
      } catch (error) {
        await stop('SIGKILL');
        throw error;
      }
    },
    kill: () => stop('SIGKILL'),
    async dispose() {
      await stop('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a node CLI in its own process group, so a timeout kills it with every child it spawned
 * (the inspector starts a second node process for its CLI mode).
 */
export function runNodeCli(entry: string, args: string[], timeoutMs: number): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      reject(new Error(`${path.basename(entry)} ${args.join(' ')} timed out; stderr: ${stderr}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

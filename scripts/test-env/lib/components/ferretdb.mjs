// FerretDB v1 (SQLite backend) built from scripts/test-env/ferretdb, a small main of our own
// that embeds github.com/FerretDB/FerretDB/ferretdb.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cachePath, installOnce } from '../cache.mjs';
import { say, seconds } from '../log.mjs';
import { dataDir, logFile, scriptDir } from '../paths.mjs';
import { isAlive, run, startDetached, waitFor } from '../proc.mjs';
import { pickPort, tcpAccepts } from '../net.mjs';
import { which } from '../toolchain.mjs';

const VERSION = 'v1.24.2';
const SOURCE_DIR = path.join(scriptDir, 'ferretdb');
const NAME = 'ferretdb';

function cacheName() {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go']) {
    hash.update(readFileSync(path.join(SOURCE_DIR, file)));
  }
  return `ferretdb-${VERSION}-${hash.digest('hex').slice(0, 12)}`;
}

function isInstalled() {
  return existsSync(path.join(cachePath(cacheName()), 'ferretdb'));
}

export const ferretdb = {
  name: NAME,

  preflight() {
    if (isInstalled() || which('go')) return { problems: [], installs: !isInstalled() };
    return {
      problems: ['ferretdb: `go` (1.24+) is not on PATH; install Go to build FerretDB once'],
      installs: true,
    };
  },

  async start({ onSpawn, previous, taken }) {
    const log = logFile(NAME);
    if (!isInstalled()) say(NAME, `building FerretDB ${VERSION} with go (first run only)…`);
    const since = Date.now();
    const dir = await installOnce(cacheName(), (tmp) =>
      run('go', ['build', '-trimpath', '-o', path.join(tmp, 'ferretdb'), '.'], {
        cwd: SOURCE_DIR,
        log,
        env: { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
        timeoutMs: 900_000,
      }),
    );
    const port = await pickPort(previous?.port, taken);
    const data = path.join(dataDir, NAME);
    mkdirSync(data, { recursive: true, mode: 0o700 });
    const proc = startDetached(
      path.join(dir, 'ferretdb'),
      ['-port', String(port), '-data-dir', data],
      {
        log,
        env: process.env,
      },
    );
    const entry = { ...proc, group: true, port, dataDir: data, log };
    onSpawn(entry);
    await waitFor(() => tcpAccepts(port), { timeoutMs: 60_000, proc: entry, what: NAME });
    say(NAME, `ready on 127.0.0.1:${port} in ${seconds(since)}`);
    return entry;
  },

  async health(entry) {
    return isAlive(entry) && (await tcpAccepts(entry.port));
  },

  env(entry) {
    return { uri: `mongodb://127.0.0.1:${entry.port}/`, dbName: 'mcpgw_test' };
  },
};

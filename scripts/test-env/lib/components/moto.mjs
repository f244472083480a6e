// moto server: a local AWS Secrets Manager (and more) from PyPI, in a cached venv.
import { existsSync } from 'node:fs';
import { say, seconds } from '../log.mjs';
import { logFile } from '../paths.mjs';
import { httpOk, pickPort } from '../net.mjs';
import { isAlive, startDetached, waitFor } from '../proc.mjs';
import { ensureVenv, venvPath, venvPython } from '../python.mjs';
import { which } from '../toolchain.mjs';

const NAME = 'moto';
const VERSION = '5.2.5';
const VENV = `moto-${VERSION}`;

export const moto = {
  name: NAME,

  preflight() {
    if (!which('python3')) {
      return { problems: ['moto: `python3` (with venv and pip) is not on PATH'], installs: true };
    }
    return { problems: [], installs: !existsSync(venvPath(VENV)) };
  },

  async start({ onSpawn, previous, taken }) {
    const log = logFile(NAME);
    const since = Date.now();
    if (!existsSync(venvPath(VENV)))
      say(NAME, `installing moto[server]==${VERSION} with pip (first run only)…`);
    const venv = await ensureVenv(VENV, [`moto[server]==${VERSION}`], log);
    const port = await pickPort(previous?.port, taken);
    const proc = startDetached(
      venvPython(venv),
      ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)],
      {
        log,
        env: process.env,
      },
    );
    const entry = { ...proc, group: true, port, log };
    onSpawn(entry);
    await waitFor(() => this.health(entry), { timeoutMs: 60_000, proc: entry, what: NAME });
    say(NAME, `ready on 127.0.0.1:${port} in ${seconds(since)}`);
    return entry;
  },

  async health(entry) {
    return isAlive(entry) && (await httpOk(`http://127.0.0.1:${entry.port}/moto-api/data.json`));
  },

  env(entry) {
    return {
      endpoint: `http://127.0.0.1:${entry.port}`,
      region: 'us-east-1',
      accessKeyId: 'test',
      secretAccessKey: 'test',
    };
  },
};

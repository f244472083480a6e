// A private PostgreSQL 15 cluster in .test-env/data/postgres, on 127.0.0.1 only.
// PostgreSQL refuses to run as root, so as root every server command runs as the `postgres`
// OS user (created by the Debian package) and the data dir belongs to it.
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { say, seconds } from '../log.mjs';
import { dataDir, logFile } from '../paths.mjs';
import { isAlive, processStartTime, run, waitFor } from '../proc.mjs';
import { pickPort } from '../net.mjs';
import { secret } from '../state.mjs';
import { which } from '../toolchain.mjs';

const NAME = 'postgres';
const MAJOR = '15';
const BIN = process.env.MCPGW_PG_BIN || `/usr/lib/postgresql/${MAJOR}/bin`;
const USER = 'mcpgw';
const DATABASES = ['keycloak', 'mcpgw_test'];
const isRoot = process.getuid?.() === 0;

function installed() {
  return ['initdb', 'pg_ctl', 'psql', 'pg_isready'].every((b) => existsSync(path.join(BIN, b)));
}

function osUser() {
  if (!isRoot) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { name: 'postgres', uid: Number(uid), gid: Number(gid) };
}

/** Runs a PostgreSQL server binary as the cluster owner. */
function asOwner(bin, args, opts) {
  const cmd = path.join(BIN, bin);
  return isRoot
    ? run('runuser', ['-u', 'postgres', '--', cmd, ...args], opts)
    : run(cmd, args, opts);
}

async function aptInstall(log) {
  say(NAME, `installing postgresql-${MAJOR} with apt-get (first run only)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { log, env, timeoutMs: 600_000 });
  await run('apt-get', ['install', '-y', '--no-install-recommends', `postgresql-${MAJOR}`], {
    log,
    env,
    timeoutMs: 900_000,
  });
}

async function initCluster(dir, password, log) {
  say(NAME, 'creating a private cluster…');
  const owner = osUser();
  // The parent stays traversable for the owner; the data dir itself is 0700 as initdb wants.
  mkdirSync(path.dirname(dir), { recursive: true, mode: 0o711 });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pwfile = path.join(path.dirname(dir), 'pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chownSync(pwfile, owner.uid, owner.gid);
  }
  try {
    await asOwner(
      'initdb',
      [
        '-D',
        dir,
        '-U',
        USER,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '-E',
        'UTF8',
        '--no-locale',
        '--no-sync',
      ],
      { log, timeoutMs: 120_000 },
    );
  } finally {
    rmSync(pwfile, { force: true });
  }
}

function psql(entry, password, sql, log) {
  return run(
    path.join(BIN, 'psql'),
    [
      '-h',
      '127.0.0.1',
      '-p',
      String(entry.port),
      '-U',
      USER,
      '-d',
      'postgres',
      '-v',
      'ON_ERROR_STOP=1',
      '-tAc',
      sql,
    ],
    {
      log,
      env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' },
      capture: true,
      timeoutMs: 30_000,
    },
  );
}

export const postgres = {
  name: NAME,

  preflight() {
    if (installed()) {
      return {
        problems:
          isRoot && !osUser()
            ? ['postgres: running as root but there is no `postgres` OS user to own the cluster']
            : [],
        installs: false,
      };
    }
    if (isRoot && which('apt-get')) return { problems: [], installs: true };
    return {
      problems: [
        `postgres: ${BIN}/{initdb,pg_ctl} not found; install postgresql-${MAJOR} (apt-get install postgresql-${MAJOR}) or set MCPGW_PG_BIN`,
      ],
      installs: true,
    };
  },

  async start({ onSpawn, previous, taken, state }) {
    const log = logFile(NAME);
    const since = Date.now();
    if (!installed()) await aptInstall(log);
    const dir = path.join(dataDir, NAME, 'data');
    if (!state.secrets.postgresPassword && existsSync(dir)) {
      // A cluster whose password we no longer know is useless: start over.
      say(NAME, 'found a cluster without its recorded password; recreating it');
      rmSync(dir, { recursive: true, force: true });
    }
    const password = secret(state, 'postgresPassword');
    if (!existsSync(path.join(dir, 'PG_VERSION'))) await initCluster(dir, password, log);
    // A crash leaves postmaster.pid behind; pg_ctl copes when that PID is gone.
    const port = await pickPort(previous?.port, taken);
    const owner = osUser();
    if (!existsSync(log)) writeFileSync(log, '');
    if (owner) chownSync(log, owner.uid, owner.gid);
    const options = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      "-c unix_socket_directories=''",
      '-c max_connections=200',
      // A throwaway test cluster: durability is not worth the disk flushes.
      '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
    ].join(' ');
    await asOwner('pg_ctl', ['-D', dir, '-l', log, '-o', options, '-w', '-t', '60', 'start'], {
      log,
      timeoutMs: 90_000,
    });
    const pid = Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const entry = {
      pid,
      startTime: processStartTime(pid),
      port,
      dataDir: dir,
      log,
      user: USER,
      stopSignal: 'SIGINT',
    };
    onSpawn(entry);
    await waitFor(() => this.health(entry), { timeoutMs: 60_000, proc: entry, what: NAME });
    const existing = (await psql(entry, password, 'SELECT datname FROM pg_database', log)).split(
      '\n',
    );
    for (const db of DATABASES.filter((d) => !existing.includes(d))) {
      await psql(entry, password, `CREATE DATABASE ${db} OWNER ${USER}`, log);
    }
    say(NAME, `ready on 127.0.0.1:${port} in ${seconds(since)}`);
    return entry;
  },

  async health(entry) {
    if (!isAlive(entry)) return false;
    try {
      await run(
        path.join(BIN, 'pg_isready'),
        ['-h', '127.0.0.1', '-p', String(entry.port), '-t', '3'],
        { timeoutMs: 10_000 },
      );
      return true;
    } catch (_err) {
      return false;
    }
  },

  env(entry, state) {
    return {
      host: '127.0.0.1',
      port: entry.port,
      user: USER,
      password: state.secrets.postgresPassword,
      database: 'mcpgw_test',
    };
  },
};

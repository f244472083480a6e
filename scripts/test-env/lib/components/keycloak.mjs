// Keycloak 26 (Quarkus distribution from Maven Central) on the test PostgreSQL.
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { cachePath, installOnce } from '../cache.mjs';
import { ensureJava, javaPreflight } from '../java.mjs';
import { say, seconds } from '../log.mjs';
import { logFile } from '../paths.mjs';
import { httpOk, pickPort } from '../net.mjs';
import { isAlive, run, startDetached, waitFor } from '../proc.mjs';
import { secret } from '../state.mjs';
import { which } from '../toolchain.mjs';

const NAME = 'keycloak';
const VERSION = '26.7.3';
const ARTIFACT = `org.keycloak:keycloak-quarkus-dist:${VERSION}:tar.gz`;
const ADMIN_USER = 'admin';
const READY_TIMEOUT_MS = Number(process.env.MCPGW_TEST_ENV_KEYCLOAK_TIMEOUT_S || 240) * 1000;

const distDir = () => cachePath(`keycloak-${VERSION}`);

async function download(log) {
  say(NAME, `downloading ${VERSION} from Maven Central (first run only)…`);
  return installOnce(`keycloak-${VERSION}`, async (tmp) => {
    const downloads = path.join(tmp, '.download');
    await run(
      'mvn',
      ['-q', '-B', 'dependency:copy', `-Dartifact=${ARTIFACT}`, `-DoutputDirectory=${downloads}`],
      {
        log,
        timeoutMs: 900_000,
      },
    );
    const archive = readdirSync(downloads).find((f) => f.endsWith('.tar.gz'));
    if (!archive) throw new Error(`mvn did not produce ${ARTIFACT}`);
    // The archive holds one top-level keycloak-<version>/ directory; flatten it into tmp.
    await run('tar', ['-xzf', path.join(downloads, archive), '-C', downloads], {
      log,
      timeoutMs: 300_000,
    });
    const top = path.join(downloads, `keycloak-${VERSION}`);
    for (const entry of readdirSync(top)) renameSync(path.join(top, entry), path.join(tmp, entry));
    await run('rm', ['-rf', downloads], { log });
  });
}

function args(entry, pgPort) {
  return [
    'start-dev',
    '--db=postgres',
    `--db-url=jdbc:postgresql://127.0.0.1:${pgPort}/keycloak`,
    `--db-username=${entry.dbUser}`,
    '--http-host=127.0.0.1',
    `--http-port=${entry.port}`,
    `--http-management-port=${entry.managementPort}`,
    '--health-enabled=true',
  ];
}

export const keycloak = {
  name: NAME,

  preflight() {
    const java = javaPreflight();
    const installed = existsSync(distDir());
    const problems = [...java.problems];
    if (!installed && !which('mvn')) {
      problems.push(
        'keycloak: `mvn` (Maven) is not on PATH; it downloads Keycloak from Maven Central once',
      );
    }
    return { problems, installs: !installed || java.installs };
  },

  /** Downloads Keycloak and finds Java; safe to run while PostgreSQL is still starting. */
  async prepare() {
    const log = logFile(NAME);
    const [dist, java] = await Promise.all([
      existsSync(distDir()) ? distDir() : download(log),
      ensureJava(log, (msg) => say(NAME, msg)),
    ]);
    return { dist, java };
  },

  async start({ onSpawn, previous, taken, state, prepared, postgres }) {
    const log = logFile(NAME);
    const since = Date.now();
    const { dist, java } = prepared;
    const port = await pickPort(previous?.port, taken);
    const managementPort = await pickPort(previous?.managementPort, taken);
    const adminPassword = secret(state, 'keycloakAdminPassword');
    say(NAME, `starting ${VERSION} on Java ${java.major} (${java.source}); this takes 30–90 s…`);
    mkdirSync(path.dirname(log), { recursive: true });
    const entry = { port, managementPort, log, dbUser: postgres.user, group: true };
    const proc = startDetached(path.join(dist, 'bin', 'kc.sh'), args(entry, postgres.port), {
      log,
      env: {
        ...process.env,
        JAVA_HOME: java.home,
        PATH: `${path.join(java.home, 'bin')}:${process.env.PATH}`,
        // Two shared cores: a modest heap, and no JIT tiers beyond C1 during start-up.
        JAVA_OPTS_KC_HEAP: '-Xms128m -Xmx768m',
        JAVA_OPTS_APPEND: '-XX:TieredStopAtLevel=1',
        KC_DB_PASSWORD: state.secrets.postgresPassword,
        KC_BOOTSTRAP_ADMIN_USERNAME: ADMIN_USER,
        KC_BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
      },
    });
    Object.assign(entry, proc);
    onSpawn(entry);
    await waitFor(() => this.health(entry), {
      timeoutMs: READY_TIMEOUT_MS,
      intervalMs: 1000,
      proc: entry,
      what: NAME,
    });
    say(NAME, `ready on http://127.0.0.1:${port} in ${seconds(since)}`);
    return entry;
  },

  async health(entry) {
    return (
      isAlive(entry) &&
      (await httpOk(`http://127.0.0.1:${entry.managementPort}/health/ready`)) &&
      (await httpOk(
        `http://127.0.0.1:${entry.port}/realms/master/.well-known/openid-configuration`,
      ))
    );
  },

  env(entry, state) {
    return {
      url: `http://127.0.0.1:${entry.port}`,
      adminUser: ADMIN_USER,
      adminPassword: state.secrets.keycloakAdminPassword,
      managementUrl: `http://127.0.0.1:${entry.managementPort}`,
    };
  },
};

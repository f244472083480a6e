// Finds the tools the components need: executables on PATH and a Java 21+ runtime.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, cmd);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

/** Major version of `<home>/bin/java`, or null if it does not run. */
export function javaMajor(home) {
  const java = path.join(home, 'bin', 'java');
  if (!existsSync(java)) return null;
  // `java -version` prints to stderr.
  const res = spawnSync(java, ['-version'], { encoding: 'utf8', timeout: 20_000 });
  return res.status === 0 ? parseJavaVersion(`${res.stderr}${res.stdout}`) : null;
}

function parseJavaVersion(text) {
  const match = /version "(\d+)/.exec(text);
  return match ? Number(match[1]) : null;
}

/** $JAVA21_HOME, then any /usr/lib/jvm/* with Java 21+, newest first. */
export function findSystemJava(minMajor = 21) {
  const candidates = [];
  if (process.env.JAVA21_HOME) candidates.push(process.env.JAVA21_HOME);
  const jvmDir = '/usr/lib/jvm';
  if (existsSync(jvmDir)) {
    const homes = readdirSync(jvmDir)
      .map((name) => path.join(jvmDir, name))
      .map((home) => ({ home, major: javaMajor(home) }))
      .filter((j) => j.major !== null && j.major >= minMajor)
      .sort((a, b) => b.major - a.major);
    candidates.push(...homes.map((j) => j.home));
  }
  for (const home of candidates) {
    const major = javaMajor(home);
    if (major !== null && major >= minMajor) return { home, major };
  }
  return null;
}

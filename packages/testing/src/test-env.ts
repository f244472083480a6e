import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the real components started by `scripts/test-env/up` listen, and how to log in. */
export interface TestEnv {
  mongo: { uri: string; dbName: string };
  postgres: { host: string; port: number; user: string; password: string; database: string };
  keycloak: { url: string; adminUser: string; adminPassword: string; managementUrl?: string };
  moto: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
}

const NOT_RUNNING =
  'Test environment is not running: run `npm run test-env:up` (integration tests never skip)';

const SHAPE = {
  mongo: { uri: 'string', dbName: 'string' },
  postgres: {
    host: 'string',
    port: 'number',
    user: 'string',
    password: 'string',
    database: 'string',
  },
  keycloak: { url: 'string', adminUser: 'string', adminPassword: 'string' },
  moto: { endpoint: 'string', region: 'string', accessKeyId: 'string', secretAccessKey: 'string' },
} as const;

function isWorkspaceRoot(dir: string): boolean {
  const manifest = path.join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return 'workspaces' in (JSON.parse(readFileSync(manifest, 'utf8')) as object);
  } catch {
    return false;
  }
}

function findRepoRoot(start: string): string | undefined {
  let dir = path.resolve(start);
  for (let depth = 0; depth < 30; depth += 1) {
    if (isWorkspaceRoot(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

function envFilePath(): string | undefined {
  const explicit = process.env.MCPGW_TEST_ENV_FILE;
  if (explicit) return explicit;
  const root =
    findRepoRoot(path.dirname(fileURLToPath(import.meta.url))) ?? findRepoRoot(process.cwd());
  return root === undefined ? undefined : path.join(root, '.test-env', 'env.json');
}

/** Names every field that is missing or of the wrong type, e.g. `postgres.port`. */
function shapeProblems(value: unknown): string[] {
  const problems: string[] = [];
  const root = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  for (const [section, fields] of Object.entries(SHAPE)) {
    const part = root[section];
    const record = (typeof part === 'object' && part !== null ? part : {}) as Record<
      string,
      unknown
    >;
    for (const [field, type] of Object.entries(fields)) {
      const actual = record[field];
      if (typeof actual !== type || actual === '') problems.push(`${section}.${field}`);
    }
  }
  return problems;
}

/**
 * Reads `$MCPGW_TEST_ENV_FILE` or `<repo>/.test-env/env.json`. Throws, never returns a partial
 * environment: an integration test without its components must fail, not skip.
 */
export function loadTestEnv(): TestEnv {
  const file = envFilePath();
  if (file === undefined || !existsSync(file)) {
    throw new Error(`${NOT_RUNNING}. No env file at ${file ?? '<repo>/.test-env/env.json'}.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${NOT_RUNNING}. ${file} is not valid JSON.`, { cause: err });
  }
  const problems = shapeProblems(parsed);
  if (problems.length > 0) {
    throw new Error(`${NOT_RUNNING}. ${file} lacks or mistypes: ${problems.join(', ')}.`);
  }
  return parsed as TestEnv;
}

/**
 * A name no other test run uses, safe for databases, Keycloak realms and clients, and secret
 * names: lower case letters, digits and `_`, starting with the prefix.
 */
export function uniqueName(prefix: string): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return `${clean}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

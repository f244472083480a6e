#!/usr/bin/env node
// Generates docs/configuration.md from each service's compiled config schema.
//
//   node scripts/docs/generate-config-docs.mjs            write the file (npm run docs:config)
//   node scripts/docs/generate-config-docs.mjs --check    fail if the file is stale (CI)
//
// Reads services/<svc>/dist/config.js (export `configSchema`), so run `npm run build` first.
// `--root <dir>` points at another tree with the same layout; tests use it with fixtures.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const SERVICES = ['registry', 'auth', 'gateway', 'sample-mcp-server'];
export const DOCS_PATH = path.join('docs', 'configuration.md');

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Build the markdown and either write it or compare it with the file on disk.
 * Dependencies are passed in so tests can use the TypeScript sources and fixture schemas.
 * Resolves to the process exit code; problems are reported through `log`.
 */
export async function generateConfigDocs({ root, check, loadSchema, describe, render, log }) {
  const sections = [];
  const problems = [];
  for (const service of SERVICES) {
    const schema = await loadSchema(service);
    if (schema === undefined) {
      const missing = `${service}: services/${service}/dist/config.js not found (run npm run build)`;
      if (check) problems.push(missing);
      else log(`warning: ${missing}; skipping`);
      continue;
    }
    const keys = describe(schema);
    for (const key of keys.filter((doc) => doc.description.trim() === '')) {
      problems.push(`${service}: ${key.key} has no .describe() text`);
    }
    sections.push({ service, keys });
  }
  if (problems.length > 0) {
    log(['cannot generate docs/configuration.md:', ...problems.map((p) => `  - ${p}`)].join('\n'));
    return 1;
  }
  const markdown = render(sections);
  const target = path.join(root, DOCS_PATH);
  if (check) return compareWithFile(target, markdown, log);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, markdown, 'utf8');
  log(`wrote ${DOCS_PATH} (${sections.map((s) => s.service).join(', ') || 'no services'})`);
  return 0;
}

async function compareWithFile(target, markdown, log) {
  const current = existsSync(target) ? await readFile(target, 'utf8') : undefined;
  if (current === markdown) return 0;
  log(`${DOCS_PATH} is out of date; run npm run docs:config`);
  return 1;
}

/** Default loader: the compiled `configSchema` export of services/<svc>/dist/config.js. */
export function distSchemaLoader(root) {
  return async (service) => {
    const file = path.join(root, 'services', service, 'dist', 'config.js');
    if (!existsSync(file)) return undefined;
    const module = await import(pathToFileURL(file).href);
    if (module.configSchema === undefined) {
      throw new Error(`services/${service}/dist/config.js does not export configSchema`);
    }
    return module.configSchema;
  };
}

function parseArgs(argv) {
  const options = { check: false, root: repoRoot };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--check') options.check = true;
    else if (argv[i] === '--root' && argv[i + 1]) options.root = path.resolve(argv[++i]);
    else throw new Error(`unknown argument: ${argv[i]}`);
  }
  return options;
}

async function main() {
  const { check, root } = parseArgs(process.argv.slice(2));
  const configDist = path.join(repoRoot, 'packages', 'config', 'dist', 'index.js');
  if (!existsSync(configDist)) {
    console.error('packages/config/dist/index.js not found; run npm run build first');
    return 1;
  }
  const { describeConfigSchema, renderConfigDocs } = await import(pathToFileURL(configDist).href);
  return generateConfigDocs({
    root,
    check,
    loadSchema: distSchemaLoader(root),
    describe: describeConfigSchema,
    render: renderConfigDocs,
    log: (message) => console.error(message),
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}

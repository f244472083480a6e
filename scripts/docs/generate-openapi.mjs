#!/usr/bin/env node
// Writes docs/openapi.json from the registry's route declarations (the same list the router and
// the role check use), or with --check fails when the file is out of date. Runs on compiled
// output: `npx tsc -b` first.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DOC = path.join(root, 'docs', 'openapi.json');
const dist = (p) => path.join(root, 'services/registry/dist', p);

const { registryRoutes } = await import(dist('app.js'));
const { configSchema } = await import(dist('config.js'));
const { buildOpenApiDocument } = await import(dist('http/openapi.js'));

// Route declarations only: nothing here is ever called, so every dependency is a stand-in.
const unused = () => {
  throw new Error('not used while describing routes');
};
const config = configSchema.parse({
  REGISTRY_OIDC_ISSUER: 'https://idp.example.com/realms/example',
  REGISTRY_TOKEN_AUDIENCES: 'https://registry.example.com/mcp',
});
const routes = registryRoutes({
  config,
  logger: { info() {}, warn() {}, error() {} },
  ctx: {
    store: { collection: unused },
    clock: { now: () => new Date(0) },
    audit: { record: unused },
    changes: { notify() {}, subscribe: () => () => {} },
    logger: { info() {}, warn() {}, error() {} },
  },
  verifier: { verify: unused },
  netPolicy: {},
  discovery: { discover: unused },
  snapshots: { environments: [], get: unused, refresh: unused, stop() {} },
  catalog: { get: unused, refresh: unused, stop() {} },
});
const version = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')).version;
const text = `${JSON.stringify(buildOpenApiDocument(routes, { title: 'MCP Gateway Registry API', version }), null, 2)}\n`;

if (process.argv.includes('--check')) {
  const current = await readFile(DOC, 'utf8').catch(() => '');
  if (current !== text) {
    process.stderr.write('docs/openapi.json is out of date; run npm run docs:openapi\n');
    process.exit(1);
  }
  process.stdout.write('docs/openapi.json is up to date\n');
} else {
  await writeFile(DOC, text);
  process.stdout.write(`wrote docs/openapi.json (${routes.length} operations)\n`);
}

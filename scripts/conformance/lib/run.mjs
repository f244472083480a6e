// Runs `conformance server` against server-everything directly and through the gateway in the
// same run, prints both result lists and fails when anything passing directly fails through the
// gateway. `--record` rewrites baseline.json from this run.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test-env/lib/net.mjs';
import { run } from '../../test-env/lib/proc.mjs';
import { repoRoot, stateDir } from '../../test-env/lib/paths.mjs';
import { formatTable, readResults, regressions } from './results.mjs';
import { CONFORMANCE_VERSION, ensureConformanceCli, ensureNode22 } from './toolchain.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const baselineFile = path.join(here, '..', 'baseline.json');
const SLUG = 'everything';
const CLI_TIMEOUT_MS = 300_000;
const record = process.argv.includes('--record');
const say = (line) => process.stdout.write(`[conformance] ${line}\n`);

const outRoot = path.join(stateDir, 'conformance', new Date().toISOString().replace(/[:.]/g, '-'));
mkdirSync(outRoot, { recursive: true });
const toolLog = path.join(outRoot, 'toolchain.log');

say(`building the gateway and packages (tsc -b) …`);
await run('npx', ['tsc', '-b', 'services/gateway'], { cwd: repoRoot, log: toolLog });
const node22 = await ensureNode22(toolLog);
const cli = await ensureConformanceCli(toolLog);
say(`node ${node22.version}, @modelcontextprotocol/conformance ${CONFORMANCE_VERSION}`);

// Imported after the build: both read the compiled dist of the workspace packages.
const { startServerEverything } = await import('@mcpgw/mcp');
const { startConformanceGateway } = await import('./conformance-gateway.mjs');

async function conformance(url, name) {
  const dir = path.join(outRoot, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const log = path.join(outRoot, `${name}.log`);
  // Exit code 1 means "some scenario failed": the checks files are what we compare.
  await run(node22.binary, [cli, 'server', '--url', url, '--output-dir', dir], {
    log,
    timeoutMs: CLI_TIMEOUT_MS,
  }).catch((error) => {
    if (!/exited with 1$/.test(error.message)) throw error;
  });
  const results = readResults(dir);
  if (Object.keys(results).length === 0)
    throw new Error(`no scenario results in ${dir}, see ${log}`);
  return results;
}

function serverEverythingVersion() {
  const require = createRequire(path.join(repoRoot, 'packages', 'mcp', 'package.json'));
  const manifest = require.resolve('@modelcontextprotocol/server-everything/package.json');
  return JSON.parse(readFileSync(manifest, 'utf8')).version;
}

let everything;
let gateway;
let exitCode;
try {
  everything = await startServerEverything();
  say(`server-everything at ${everything.url}`);
  const direct = await conformance(everything.url, 'direct');
  gateway = await startConformanceGateway({
    slug: SLUG,
    upstreamUrl: everything.url,
    port: await freePort(),
    outDir: outRoot,
  });
  say(`gateway at ${gateway.url} serving ${JSON.stringify(gateway.counts)}`);
  const through = await conformance(gateway.url, 'gateway');

  process.stdout.write(`\n${formatTable(direct, through)}\n\n`);
  const found = regressions(direct, through);
  for (const line of found) say(`REGRESSION ${line}`);
  const summary = {
    conformanceVersion: CONFORMANCE_VERSION,
    node: node22.version,
    serverEverythingVersion: serverEverythingVersion(),
    direct,
    gateway: through,
    regressions: found,
  };
  writeFileSync(path.join(outRoot, 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);
  if (record) {
    const recorded = { recordedAt: new Date().toISOString(), ...summary };
    writeFileSync(baselineFile, `${JSON.stringify(recorded, null, 2)}\n`);
    say(`baseline recorded in ${path.relative(repoRoot, baselineFile)}`);
  } else {
    const recorded = JSON.parse(readFileSync(baselineFile, 'utf8')).direct ?? {};
    for (const [name, result] of Object.entries(direct)) {
      if (recorded[name]?.passed !== result.passed) {
        say(
          `note: ${name} is ${result.passed ? 'pass' : 'FAIL'} directly, baseline says otherwise`,
        );
      }
    }
  }
  say(`results in ${path.relative(repoRoot, outRoot)}`);
  exitCode = found.length > 0 ? 1 : 0;
} catch (error) {
  say(`failed: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 2;
} finally {
  await gateway?.close().catch(() => undefined);
  await everything?.close().catch(() => undefined);
}
process.exitCode = exitCode;

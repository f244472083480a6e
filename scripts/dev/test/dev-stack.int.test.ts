import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverUpstream, openUpstreamSession, type UpstreamSession } from '@mcpgw/mcp';
import { getFreePort } from '@mcpgw/testing';

// `make dev` end to end: the real runner starts the real services (built by `tsc -b`) on free
// ports with its state in a temp dir, and the test checks what a newcomer sees, then Ctrl-C.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const UP_TIMEOUT_MS = 120_000;
const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 30_000;
const POLL_MS = 250;
const READ_ONLY_TOOLS = [
  'acme-crm__get_contact',
  'acme-crm__get_pipeline_summary',
  'acme-crm__search_contacts',
];

interface Stack {
  runner: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  ports: { auth: number; sampleMcp: number; registry: number; gateway: number };
  stateDir: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function startStack(ports: Stack['ports'], stateDir: string): Stack {
  const runner = spawn(
    process.execPath,
    ['scripts/dev/run-dev.mjs', '--skip-install', '--skip-build'],
    {
      cwd: root,
      // Its own process group, so afterAll can stop the runner and every service in one signal.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        AUTH_PORT: String(ports.auth),
        SAMPLE_MCP_PORT: String(ports.sampleMcp),
        REGISTRY_PORT: String(ports.registry),
        GATEWAY_PORT: String(ports.gateway),
        DEV_STATE_DIR: stateDir,
        LOG_LEVEL: 'warn',
        NO_COLOR: '1',
      },
    },
  );
  let text = '';
  runner.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  runner.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    runner.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { runner, output: () => text, exited, ports, stateDir };
}

/** Resolves once `pattern` appears in the runner's output; rejects if it exits or time runs out. */
async function waitForOutput(stack: Stack, pattern: RegExp, timeoutMs: number): Promise<void> {
  let gone = false;
  void stack.exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pattern.test(stack.output())) return;
    if (gone) break;
    await sleep(POLL_MS);
  }
  if (pattern.test(stack.output())) return;
  throw new Error(
    `${gone ? 'runner exited' : `no ${String(pattern)} within ${timeoutMs / 1000} s`} before the ` +
      `stack was up; output:\n${stack.output().slice(-6_000)}`,
  );
}

/** Child PIDs of `pid`, from /proc (every process's parent is field 4 of its stat line). */
function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat !== undefined && stat.ppid === pid) children.push(Number(entry));
  }
  return children;
}

function readStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; the fields after the last ')' do not.
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: state ?? '', ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/** Alive means present and not a zombie waiting to be reaped. */
function isAlive(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

async function status(url: string, init?: RequestInit): Promise<number> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
  await res.arrayBuffer();
  return res.status;
}

/** Polls until `url` answers 200 (or the budget is spent) and returns the last status seen. */
async function statusWhenReady(url: string, timeoutMs: number): Promise<number | string> {
  const deadline = Date.now() + timeoutMs;
  let last: number | string = 'no answer';
  while (Date.now() < deadline) {
    try {
      last = await status(url);
      if (last === 200) return last;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(POLL_MS);
  }
  return last;
}

async function clientCredentialsToken(stack: Stack, clientId: string): Promise<string> {
  const secrets = JSON.parse(
    readFileSync(path.join(stack.stateDir, 'identity-secrets.json'), 'utf8'),
  ) as { clients: Record<string, string> };
  const secret = secrets.clients[clientId];
  if (secret === undefined) throw new Error(`no generated secret for ${clientId}`);
  const res = await fetch(`http://127.0.0.1:${stack.ports.auth}/auth/realms/dev/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await res.json()) as { access_token?: string };
  if (res.status !== 200 || typeof body.access_token !== 'string') {
    throw new Error(`token request for ${clientId} answered ${res.status}`);
  }
  return body.access_token;
}

/** What a JSON-RPC error thrown by the SDK client carries, with the tool's name masked out. */
function errorShape(
  error: unknown,
  name: string,
): { code: unknown; message: string; data: string } {
  const { code, message, data } = error as { code?: unknown; message?: string; data?: unknown };
  const mask = (text: string): string => text.replaceAll(name, '<tool>');
  return { code, message: mask(String(message)), data: mask(JSON.stringify(data) ?? '') };
}

describe('make dev (scripts/dev/run-dev.mjs)', () => {
  let stack: Stack | undefined;
  let children: number[] = [];
  let token = '';
  let session: UpstreamSession | undefined;

  const gatewayMcp = (): string => `http://127.0.0.1:${stack!.ports.gateway}/mcp`;
  const callOptions = () => ({
    headers: {},
    signal: AbortSignal.timeout(15_000),
    timeoutMs: 15_000,
  });

  beforeAll(async () => {
    // Four distinct ports: the OS may hand the same free port out twice in a row.
    const free = new Set<number>();
    for (let attempt = 0; attempt < 20 && free.size < 4; attempt += 1)
      free.add(await getFreePort());
    const [auth, sampleMcp, registry, gateway] = [...free] as [number, number, number, number];
    const ports = { auth, sampleMcp, registry, gateway };
    stack = startStack(ports, mkdtempSync(path.join(tmpdir(), 'mcpgw-dev-state-')));
    await waitForOutput(stack, /dev stack is up/, UP_TIMEOUT_MS);
    children = childPids(stack.runner.pid!);
    token = await clientCredentialsToken(stack, 'crm-agent');
  });

  afterAll(async () => {
    await session?.close();
    if (stack === undefined) return;
    const pid = stack.runner.pid;
    if (pid !== undefined) {
      // If a test failed before the shutdown test, the runner or a service may still run: stop
      // the whole process group (the runner leads it; the services inherited it).
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // the group is already empty
      }
      await Promise.race([stack.exited, sleep(5_000)]);
    }
    rmSync(stack.stateDir, { recursive: true, force: true });
  });

  it('when the stack is up, then the runner supervises four service processes and printed how to try it', () => {
    expect(children).toHaveLength(4);
    expect(stack!.output()).toContain('Try it');
    expect(stack!.output()).toContain(`http://127.0.0.1:${stack!.ports.gateway}/mcp`);
  });

  it.each(['registry', 'auth', 'gateway'] as const)(
    'when the %s is up, then /healthz, /readyz and /metrics answer 200',
    async (name) => {
      const base = `http://127.0.0.1:${stack!.ports[name]}`;

      const health = await status(`${base}/healthz`);
      // The gateway is ready once it holds its first registry snapshot, a moment after start.
      const ready = await statusWhenReady(`${base}/readyz`, READY_TIMEOUT_MS);
      const metrics = await status(`${base}/metrics`);

      expect({ health, ready, metrics }).toEqual({ health: 200, ready: 200, metrics: 200 });
    },
  );

  it('when the sample MCP server is up, then /healthz answers 200', async () => {
    expect(await status(`http://127.0.0.1:${stack!.ports.sampleMcp}/healthz`)).toBe(200);
  });

  it('when crm-agent lists tools through the gateway, then it sees exactly the three read-only acme-crm tools', async () => {
    await statusWhenReady(`http://127.0.0.1:${stack!.ports.gateway}/readyz`, READY_TIMEOUT_MS);

    const listed = await discoverUpstream({
      url: gatewayMcp(),
      headers: { authorization: `Bearer ${token}` },
      timeoutMs: 15_000,
    });

    const names = (listed.tools as Array<{ name: string }>).map((tool) => tool.name).sort();
    expect(names).toEqual(READ_ONLY_TOOLS);
  });

  it('when crm-agent calls acme-crm__search_contacts through the gateway, then it gets the matching contacts', async () => {
    session = await openUpstreamSession({
      url: gatewayMcp(),
      headers: { authorization: `Bearer ${token}` },
      fetch,
      timeoutMs: 15_000,
    });

    const result = await session.request(
      'tools/call',
      { name: 'acme-crm__search_contacts', arguments: { query: 'scorpio' } },
      callOptions(),
    );

    expect(result['isError']).not.toBe(true);
    const found = result['structuredContent'] as {
      contacts: Array<{ name: string }>;
      total: number;
    };
    expect(found.total).toBeGreaterThan(0);
    expect(found.contacts.map((contact) => contact.name)).toContain('Hank Scorpio');
  });

  it('when crm-agent calls acme-crm__delete_contact, then the gateway answers exactly as for a tool that does not exist', async () => {
    // The sample server does offer delete_contact: the gateway hides it, it is not missing.
    const upstream = await discoverUpstream({
      url: `http://127.0.0.1:${stack!.ports.sampleMcp}/mcp`,
      timeoutMs: 15_000,
    });
    expect((upstream.tools as Array<{ name: string }>).map((t) => t.name)).toContain(
      'delete_contact',
    );
    session ??= await openUpstreamSession({
      url: gatewayMcp(),
      headers: { authorization: `Bearer ${token}` },
      fetch,
      timeoutMs: 15_000,
    });
    const call = (name: string): Promise<unknown> =>
      session!
        .request('tools/call', { name, arguments: { contactId: 'ct_001' } }, callOptions())
        .then(
          (result) => ({ answered: result }),
          (error: unknown) => ({ rejected: error }),
        );

    const hidden = await call('acme-crm__delete_contact');
    const unknown = await call('acme-crm__no_such_tool');

    expect(hidden).toHaveProperty('rejected');
    expect(unknown).toHaveProperty('rejected');
    const hiddenShape = errorShape(
      (hidden as { rejected: unknown }).rejected,
      'acme-crm__delete_contact',
    );
    const unknownShape = errorShape(
      (unknown as { rejected: unknown }).rejected,
      'acme-crm__no_such_tool',
    );
    expect(hiddenShape).toEqual(unknownShape);
    expect(hiddenShape.code).toBe(-32602);
  });

  it("when crm-agent asks the registry's discovery for dev, then it lists the same three tools", async () => {
    const res = await fetch(
      `http://127.0.0.1:${stack!.ports.registry}/v1/discovery/tools?environment=dev`,
      { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5_000) },
    );
    const body = (await res.json()) as { tools: Array<{ server: string; name: string }> };

    expect(res.status).toBe(200);
    // The registry names a tool by server and name; the gateway joins them with `__`.
    const names = body.tools.map((tool) => `${tool.server}__${tool.name}`).sort();
    expect(names).toEqual(READ_ONLY_TOOLS);
  });

  it('when Ctrl-C reaches the runner, then it stops every service and exits 0', async () => {
    await session?.close();
    session = undefined;

    stack!.runner.kill('SIGINT');
    const exit = await Promise.race([stack!.exited, sleep(STOP_TIMEOUT_MS).then(() => 'late')]);

    expect(exit).toEqual({ code: 0, signal: null });
    expect(stack!.output()).toContain('all processes stopped');
    expect(children).toHaveLength(4);
    expect(children.filter(isAlive)).toEqual([]);
  });
});

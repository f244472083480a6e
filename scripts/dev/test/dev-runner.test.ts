import { mkdtempSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM scripts without type declarations
import { box, urlLines } from '../lib/box.mjs';
// @ts-expect-error -- plain ESM scripts without type declarations
import { prettyLine } from '../lib/log-lines.mjs';
// @ts-expect-error -- plain ESM scripts without type declarations
import { assertPortsFree } from '../lib/ports.mjs';
// @ts-expect-error -- plain ESM scripts without type declarations
import { installReason } from '../lib/prepare.mjs';
// @ts-expect-error -- plain ESM scripts without type declarations
import { devProcesses } from '../processes.mjs';

describe('devProcesses', () => {
  it('when no ports are set, then runs auth, the sample MCP server, registry and gateway in that order', () => {
    const procs = devProcesses({}) as Array<{ name: string; port: number; host: string }>;

    expect(procs.map((p) => [p.name, p.port, p.host])).toEqual([
      ['auth', 7002, '127.0.0.1'],
      ['sample-mcp', 7010, '127.0.0.1'],
      ['registry', 7001, '127.0.0.1'],
      ['gateway', 7003, '127.0.0.1'],
    ]);
  });

  it('when ports change, then the registry trusts the auth issuer and seeds the sample server on those ports', () => {
    const procs = devProcesses({
      AUTH_PORT: '9002',
      GATEWAY_PORT: '9003',
      SAMPLE_MCP_PORT: '9010',
    }) as Array<{
      name: string;
      env: Record<string, string>;
    }>;
    const registry = procs.find((p) => p.name === 'registry')!;

    expect(registry.env).toMatchObject({
      REGISTRY_OIDC_ISSUER: 'http://127.0.0.1:9002/auth/realms/dev',
      REGISTRY_TOKEN_AUDIENCES: 'http://127.0.0.1:9003/mcp',
      REGISTRY_DEV_SEED: 'true',
      REGISTRY_DEV_SAMPLE_SERVER_URL: 'http://127.0.0.1:9010/mcp',
    });
    expect(procs.find((p) => p.name === 'auth')!.env).toMatchObject({
      AUTH_PUBLIC_URL: 'http://127.0.0.1:9002',
      AUTH_GATEWAY_RESOURCE: 'http://127.0.0.1:9003/mcp',
    });
  });

  it('when ports are set in the environment, then every process receives all of them', () => {
    const procs = devProcesses({ AUTH_PORT: '9002', LOG_LEVEL: 'debug' }) as Array<{
      port: number;
      env: Record<string, string>;
    }>;

    expect(procs[0]?.port).toBe(9002);
    expect(procs[0]?.env).toMatchObject({ AUTH_PORT: '9002', LOG_LEVEL: 'debug' });
  });

  it('when a port is not a number, then throws naming the variable', () => {
    expect(() => devProcesses({ GATEWAY_PORT: 'abc' })).toThrow(/GATEWAY_PORT=abc/);
  });
});

describe('assertPortsFree', () => {
  it('when a port is taken, then the error names the process and port', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const attempt = assertPortsFree([{ name: 'auth', host: '127.0.0.1', port }]);

      await expect(attempt).rejects.toThrow(`auth → 127.0.0.1:${port}`);
    } finally {
      holder.close();
    }
  });
});

describe('installReason', () => {
  const project = (): string => mkdtempSync(path.join(tmpdir(), 'mcpgw-dev-'));

  it('when node_modules is missing, then says so', () => {
    const root = project();
    writeFileSync(path.join(root, 'package-lock.json'), '{}');

    expect(installReason(root)).toBe('node_modules is missing');
  });

  it('when the lockfile is newer than the last install, then asks for npm ci', () => {
    const root = project();
    mkdirSync(path.join(root, 'node_modules'));
    writeFileSync(path.join(root, 'node_modules', '.package-lock.json'), '{}');
    writeFileSync(path.join(root, 'package-lock.json'), '{}');
    const past = new Date(Date.now() - 60_000);
    utimesSync(path.join(root, 'node_modules', '.package-lock.json'), past, past);

    expect(installReason(root)).toMatch(/newer/);
  });

  it('when the install is newer than the lockfile, then nothing is needed', () => {
    const root = project();
    writeFileSync(path.join(root, 'package-lock.json'), '{}');
    const past = new Date(Date.now() - 60_000);
    utimesSync(path.join(root, 'package-lock.json'), past, past);
    mkdirSync(path.join(root, 'node_modules'));
    writeFileSync(path.join(root, 'node_modules', '.package-lock.json'), '{}');

    expect(installReason(root)).toBeUndefined();
  });
});

describe('prettyLine', () => {
  it('when the line is a JSON log entry, then prints time, level, message and fields', () => {
    const line = JSON.stringify({
      timestamp: '2026-01-02T03:04:05.678Z',
      level: 'info',
      service: 'registry',
      message: 'http request',
      route: '/info',
      status: '200',
    });

    expect(prettyLine(line, false)).toBe('03:04:05.678 info  http request route=/info status=200');
  });

  it('when the line is not JSON, then passes it through unchanged', () => {
    expect(prettyLine('    at Object.<anonymous> (main.js:1:1)', false)).toBe(
      '    at Object.<anonymous> (main.js:1:1)',
    );
  });
});

describe('box', () => {
  it('when given URL lines, then frames every line at the same width', () => {
    const text = box(
      'up',
      urlLines([{ name: 'auth', host: '127.0.0.1', port: 7002, links: ['/healthz', '/readyz'] }]),
    ) as string;

    const rows = text.split('\n');
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.length)).size).toBe(1);
    expect(text).toContain('auth  http://127.0.0.1:7002/healthz');
    expect(text).toContain('      http://127.0.0.1:7002/readyz');
  });
});

describe('tryItText', () => {
  it('when the state dir is the default or moved, then the printed command reads the right secrets file', async () => {
    // @ts-expect-error -- plain ESM scripts without type declarations
    const { tryItText } = await import('../lib/try-it.mjs');
    const procs = [
      { name: 'auth', port: 7002 },
      { name: 'gateway', port: 7003 },
      { name: 'registry', port: 7001 },
    ];

    expect(tryItText(procs)).toContain(`require('./.dev/identity-secrets.json')`);
    expect(tryItText(procs, '/tmp/state/')).toContain(
      `require('/tmp/state/identity-secrets.json')`,
    );
    expect(tryItText(procs)).toContain('http://127.0.0.1:7003/mcp');
  });
});

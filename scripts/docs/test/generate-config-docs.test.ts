import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeConfigSchema, env, renderConfigDocs } from '@mcpgw/config';
// @ts-expect-error -- plain ESM script without type declarations
import { generateConfigDocs } from '../generate-config-docs.mjs';

const fixtures: Record<string, z.ZodObject> = {
  registry: z.object({
    REGISTRY_PORT: env.port(8080).describe('HTTP port.'),
    REGISTRY_MONGO_URI: env.secret(z.string()).describe('DocumentDB connection string.'),
  }),
  auth: z.object({ AUTH_ISSUER: env.url().describe('OIDC issuer.') }),
  gateway: z.object({ GATEWAY_LOG_LEVEL: env.logLevel().describe('Log level.') }),
  'sample-mcp-server': z.object({ SAMPLE_MCP_PORT: env.port(7010).describe('HTTP port.') }),
};

let root: string;
let messages: string[];

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'mcpgw-docs-'));
  messages = [];
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function run(check: boolean, schemas: Record<string, z.ZodObject | undefined> = fixtures) {
  return generateConfigDocs({
    root,
    check,
    loadSchema: async (service: string) => schemas[service],
    describe: describeConfigSchema,
    render: renderConfigDocs,
    log: (message: string) => messages.push(message),
  });
}

const docFile = () => path.join(root, 'docs', 'configuration.md');

describe('generateConfigDocs', () => {
  it('when run, then writes docs/configuration.md with a table per service in a fixed order', async () => {
    const code = await run(false);

    const markdown = await readFile(docFile(), 'utf8');
    expect(code).toBe(0);
    expect(markdown).toContain(
      '| `REGISTRY_MONGO_URI` | string (**secret**) | yes | — | DocumentDB connection string. |',
    );
    expect(markdown.indexOf('## registry')).toBeLessThan(markdown.indexOf('## auth'));
    expect(markdown.indexOf('## auth')).toBeLessThan(markdown.indexOf('## gateway'));
  });

  it('when checking a freshly generated file, then exits 0', async () => {
    await run(false);

    expect(await run(true)).toBe(0);
  });

  it('when checking a file that differs, then exits 1 and says how to fix it', async () => {
    await run(false);
    await writeFile(docFile(), 'hand edited\n');

    const code = await run(true);

    expect(code).toBe(1);
    expect(messages).toContain('docs/configuration.md is out of date; run npm run docs:config');
  });

  it('when checking and the file does not exist, then exits 1', async () => {
    expect(await run(true)).toBe(1);
  });

  it('when a service is not built, then generation warns and skips it but check fails', async () => {
    const partial = { ...fixtures, gateway: undefined };

    const written = await run(false, partial);
    const checked = await run(true, partial);

    expect(written).toBe(0);
    expect(await readFile(docFile(), 'utf8')).not.toContain('## gateway');
    expect(messages.some((m) => m.startsWith('warning: gateway'))).toBe(true);
    expect(checked).toBe(1);
  });

  it('when a key has no description, then exits 1 naming it and writes nothing', async () => {
    await mkdir(path.join(root, 'docs'));
    const undocumented = { ...fixtures, auth: z.object({ AUTH_ISSUER: env.url() }) };

    const code = await run(false, undocumented);

    expect(code).toBe(1);
    expect(messages.join('\n')).toContain('auth: AUTH_ISSUER has no .describe() text');
    await expect(readFile(docFile(), 'utf8')).rejects.toThrow();
  });
});

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config.js';
import { createEmbeddedIdp } from '../../src/embedded-idp/create-embedded-idp.js';
import { createLogger } from '@mcpgw/logger';
import { captureStream, makeTempDir } from './start-embedded-auth.js';

const BROKEN_SEED = `
scopes:
  - name: crm.read
    description: Read the CRM.
clients:
  - id: crm-agent
    description: Sample agent.
    scopes: [crm.read, crm.delete]
  - id: support-agent
    scopes: [tickets.read]
users:
  - username: alice
    name: Alice
    groups: [platform-admins]
`;

describe('createEmbeddedIdp startup', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  const startWith = async (seed: string, env: Record<string, string> = {}): Promise<unknown> => {
    const temp = await makeTempDir();
    cleanups.push(temp.remove);
    const identityFile = path.join(temp.dir, 'dev-identity.yaml');
    await writeFile(identityFile, seed);
    const config = configSchema.parse({
      AUTH_DEV_IDENTITY_FILE: identityFile,
      AUTH_DEV_SECRETS_FILE: path.join(temp.dir, 'secrets.json'),
      ...env,
    });
    const logger = createLogger({
      service: 'auth',
      level: 'error',
      stream: captureStream().stream,
    });
    return createEmbeddedIdp(config, logger).then(
      () => undefined,
      (error: unknown) => error,
    );
  };

  it('when the seed has several problems, then startup fails naming the file and listing each', async () => {
    const error = (await startWith(BROKEN_SEED)) as Error & { details?: { problems: string[] } };

    expect(error.message).toContain('dev-identity.yaml is invalid');
    expect(error.details?.problems).toEqual(
      expect.arrayContaining([
        'clients[1].description: Invalid input: expected string, received undefined',
        'users[0].email: Invalid input: expected string, received undefined',
        "clients[0].scopes: 'crm.delete' is not declared under scopes",
        "clients[1].scopes: 'tickets.read' is not declared under scopes",
      ]),
    );
    expect(error.details?.problems).toHaveLength(4);
  });

  it('when the seed is not valid YAML, then startup fails naming the file', async () => {
    const error = (await startWith('scopes: [crm.read\nclients: {')) as Error;

    expect(error.message).toMatch(/dev-identity\.yaml is invalid:\n {2}- /);
  });

  it('when the seed file does not exist, then startup fails naming it', async () => {
    const temp = await makeTempDir();
    cleanups.push(temp.remove);
    const missing = path.join(temp.dir, 'nope.yaml');
    const config = configSchema.parse({ AUTH_DEV_IDENTITY_FILE: missing });
    const logger = createLogger({
      service: 'auth',
      level: 'error',
      stream: captureStream().stream,
    });

    await expect(createEmbeddedIdp(config, logger)).rejects.toThrow(`${missing} is invalid`);
  });

  it('when NODE_ENV is production, then embedded mode refuses to start', async () => {
    const error = (await startWith('', { NODE_ENV: 'production' })) as Error;

    expect(error.message).toContain('refuses to start with NODE_ENV=production');
  });

  it('when production explicitly allows embedded mode, then it gets past the guard to the seed', async () => {
    const error = (await startWith(BROKEN_SEED, {
      NODE_ENV: 'production',
      AUTH_ALLOW_EMBEDDED_IN_PRODUCTION: 'true',
    })) as Error;

    expect(error.message).toContain('dev-identity.yaml is invalid');
  });
});

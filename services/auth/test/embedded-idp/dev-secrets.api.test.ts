import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  makeTempDir,
  requestToken,
  startEmbeddedAuth,
  type EmbeddedAuth,
} from './start-embedded-auth.js';

interface StoredSecrets {
  clients: Record<string, string>;
  signingKey: { kid: string };
}

async function jwksKids(issuer: string): Promise<string[]> {
  const jwks = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: { kid: string }[] };
  return jwks.keys.map((key) => key.kid);
}

describe('embedded provider secrets file', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const start = async (secretsFile: string): Promise<EmbeddedAuth> => {
    const auth = await startEmbeddedAuth({ AUTH_DEV_SECRETS_FILE: secretsFile });
    cleanups.push(() => auth.close());
    return auth;
  };

  it('when the provider starts for the first time, then it creates the file with mode 0600 and a secret per client', async () => {
    const temp = await makeTempDir();
    cleanups.push(temp.remove);
    const secretsFile = path.join(temp.dir, '.dev', 'identity-secrets.json');

    await start(secretsFile);
    const stored = JSON.parse(await readFile(secretsFile, 'utf8')) as StoredSecrets;

    expect((await stat(secretsFile)).mode & 0o777).toBe(0o600);
    expect(Object.keys(stored.clients).toSorted()).toEqual([
      'crm-agent',
      'mcp-console',
      'mcp-gateway',
      'mcp-registry',
      'support-agent',
    ]);
    for (const secret of Object.values(stored.clients))
      expect(Buffer.from(secret, 'base64url').length).toBeGreaterThanOrEqual(32);
  });

  it('when the provider restarts, then the same client secret still works and the signing kid is unchanged', async () => {
    const temp = await makeTempDir();
    cleanups.push(temp.remove);
    const secretsFile = path.join(temp.dir, 'identity-secrets.json');
    const first = await start(secretsFile);
    const before = JSON.parse(await readFile(secretsFile, 'utf8')) as StoredSecrets;
    const kidsBefore = await jwksKids(first.issuer);
    await first.close();

    const second = await start(secretsFile);
    const after = JSON.parse(await readFile(secretsFile, 'utf8')) as StoredSecrets;
    const { status } = await requestToken(second.tokenEndpoint, {
      clientId: 'crm-agent',
      secret: before.clients['crm-agent'] ?? '',
    });

    expect(status).toBe(200);
    expect(after.clients).toEqual(before.clients);
    expect(kidsBefore).toEqual([before.signingKey.kid]);
    expect(await jwksKids(second.issuer)).toEqual(kidsBefore);
  });

  it('when the secrets file is damaged, then startup fails naming the file and keeps it', async () => {
    const temp = await makeTempDir();
    cleanups.push(temp.remove);
    const secretsFile = path.join(temp.dir, 'identity-secrets.json');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(secretsFile, '{"version": 1, "clients": ', { mode: 0o600 });

    await expect(start(secretsFile)).rejects.toThrow(/identity-secrets\.json is not a valid/);
    expect(await readFile(secretsFile, 'utf8')).toBe('{"version": 1, "clients": ');
  });
});

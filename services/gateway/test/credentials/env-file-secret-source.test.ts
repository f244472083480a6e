import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createEnvFileSecretSource,
  createRoutingSecretSource,
} from '../../src/data-access/secrets/env-file-secret-source.js';
import {
  SecretUnavailableError,
  type SecretSource,
} from '../../src/domain/credentials/secret-source.js';

describe('createEnvFileSecretSource', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mcpgw-secrets-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('when the reference is env:NAME, then the value comes from the given environment map', async () => {
    const source = createEnvFileSecretSource({ CRM_TOKEN: 'from-env' });
    expect(await source.get('env:CRM_TOKEN')).toBe('from-env');
  });

  it.each([
    ['unset', {}],
    ['empty', { CRM_TOKEN: '' }],
  ])('when the variable is %s, then it fails naming the reference', async (_, env) => {
    const source = createEnvFileSecretSource(env);
    await expect(source.get('env:CRM_TOKEN')).rejects.toThrow(
      new SecretUnavailableError('env:CRM_TOKEN'),
    );
  });

  it('when the reference is file:/path, then the file content is used without its trailing newline', async () => {
    const file = path.join(dir, 'token');
    await writeFile(file, 'from-file\n');
    const source = createEnvFileSecretSource({});
    expect(await source.get(`file:${file}`)).toBe('from-file');
  });

  it('when the file changes, then the next get returns the new value (nothing cached)', async () => {
    const file = path.join(dir, 'token');
    await writeFile(file, 'first');
    const source = createEnvFileSecretSource({});
    expect(await source.get(`file:${file}`)).toBe('first');
    await writeFile(file, 'second\r\n');
    expect(await source.get(`file:${file}`)).toBe('second');
  });

  it('when the file does not exist, then it fails with SecretUnavailableError, not the fs error', async () => {
    const source = createEnvFileSecretSource({});
    const ref = `file:${path.join(dir, 'missing')}`;
    const error = await source.get(ref).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretUnavailableError);
    expect((error as Error).message).toBe(`secret ${ref} is unavailable`);
  });

  it.each(['arn:aws:secretsmanager:eu-west-1:1:secret:x', 'ENV:X', 'vault:x', ''])(
    'when the reference is %j, then it is refused',
    async (ref) => {
      await expect(createEnvFileSecretSource({ X: 'v' }).get(ref)).rejects.toBeInstanceOf(
        SecretUnavailableError,
      );
    },
  );
});

describe('createRoutingSecretSource', () => {
  function recording(name: string): SecretSource & { calls: string[] } {
    const calls: string[] = [];
    return {
      calls,
      get: async (ref) => {
        calls.push(`get ${ref}`);
        return `${name}:${ref}`;
      },
      invalidate: (ref) => void calls.push(`invalidate ${ref}`),
    };
  }

  it('when the reference is env: or file:, then the local source answers', async () => {
    const local = recording('local');
    const remote = recording('remote');
    const source = createRoutingSecretSource(local, remote);
    expect(await source.get('env:A')).toBe('local:env:A');
    expect(await source.get('file:/x')).toBe('local:file:/x');
    expect(remote.calls).toEqual([]);
  });

  it('when the reference is an ARN or a name, then the remote source answers and is invalidated', async () => {
    const local = recording('local');
    const remote = recording('remote');
    const source = createRoutingSecretSource(local, remote);
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:crm-AbCdEf';
    expect(await source.get(arn)).toBe(`remote:${arn}`);
    source.invalidate(arn);
    source.invalidate('env:A');
    expect(remote.calls).toEqual([`get ${arn}`, `invalidate ${arn}`]);
    expect(local.calls).toEqual(['invalidate env:A']);
  });

  it('when no remote source is configured, then remote references fail clearly', async () => {
    const source = createRoutingSecretSource(recording('local'));
    await expect(source.get('arn:aws:secretsmanager:x')).rejects.toThrow(
      'secret arn:aws:secretsmanager:x is unavailable',
    );
    expect(() => source.invalidate('arn:aws:secretsmanager:x')).not.toThrow();
  });
});

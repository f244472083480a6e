import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { loadTestEnv, uniqueName } from '@mcpgw/testing';

describe('Secrets Manager on moto (test environment)', () => {
  let client: SecretsManagerClient;
  const created: string[] = [];

  async function createSecret(value: string): Promise<string> {
    const name = uniqueName('mcpgw/smoke');
    await client.send(new CreateSecretCommand({ Name: name, SecretString: value }));
    created.push(name);
    return name;
  }

  beforeAll(() => {
    const { moto } = loadTestEnv();
    client = new SecretsManagerClient({
      endpoint: moto.endpoint,
      region: moto.region,
      credentials: { accessKeyId: moto.accessKeyId, secretAccessKey: moto.secretAccessKey },
    });
  });

  afterAll(async () => {
    for (const name of created) {
      await client.send(
        new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }),
      );
    }
    client?.destroy();
  });

  it('when a secret is created, then it reads back as the current version', async () => {
    const name = await createSecret('{"token":"v1"}');

    const read = await client.send(new GetSecretValueCommand({ SecretId: name }));

    expect(read.SecretString).toBe('{"token":"v1"}');
    expect(read.VersionStages).toContain('AWSCURRENT');
  });

  it('when a new value is put, then it is current and the old one is AWSPREVIOUS', async () => {
    const name = await createSecret('{"token":"v1"}');
    const before = await client.send(new GetSecretValueCommand({ SecretId: name }));

    const put = await client.send(
      new PutSecretValueCommand({ SecretId: name, SecretString: '{"token":"v2"}' }),
    );
    const current = await client.send(new GetSecretValueCommand({ SecretId: name }));
    const previous = await client.send(
      new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' }),
    );

    expect(put.VersionId).toBeDefined();
    expect(put.VersionId).not.toBe(before.VersionId);
    expect(current.SecretString).toBe('{"token":"v2"}');
    expect(current.VersionId).toBe(put.VersionId);
    expect(previous.SecretString).toBe('{"token":"v1"}');
    expect(previous.VersionId).toBe(before.VersionId);
  });
});

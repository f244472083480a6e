import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

/** The few Secrets Manager operations setup needs. Values never reach logs or errors. */
export interface SecretStore {
  /** The secret string, or undefined when the secret does not exist or has no value yet. */
  get(id: string): Promise<string | undefined>;
  /** Writes a new version; creates the secret (by name) when `create` and it does not exist. */
  put(id: string, value: string, create: boolean): Promise<void>;
}

export interface SecretStoreSettings {
  readonly region: string;
  /** moto locally; absent in AWS. */
  readonly endpoint?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
}

function notFound(err: unknown): boolean {
  return (
    err instanceof ResourceNotFoundException ||
    (err instanceof Error && err.name === 'ResourceNotFoundException')
  );
}

export function createSecretStore(settings: SecretStoreSettings): SecretStore {
  const client = new SecretsManagerClient({
    region: settings.region,
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    ...(settings.credentials === undefined ? {} : { credentials: settings.credentials }),
  });
  return {
    async get(id) {
      try {
        const out = await client.send(new GetSecretValueCommand({ SecretId: id }));
        return out.SecretString;
      } catch (err) {
        if (notFound(err)) return undefined;
        throw new Error(`Cannot read secret ${id}: ${err instanceof Error ? err.name : 'error'}`);
      }
    },
    async put(id, value, create) {
      try {
        await client.send(new PutSecretValueCommand({ SecretId: id, SecretString: value }));
      } catch (err) {
        if (!(create && notFound(err))) {
          throw new Error(`Cannot write secret ${id}: ${err instanceof Error ? err.name : 'error'}`);
        }
        await client.send(new CreateSecretCommand({ Name: id, SecretString: value }));
      }
    },
  };
}

/** Reads `{ "password": "…" }` or a bare string; `field` picks a JSON key. */
export function secretField(raw: string, field: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed !== null && typeof parsed === 'object') {
      const value = (parsed as Record<string, unknown>)[field];
      return typeof value === 'string' && value !== '' ? value : undefined;
    }
  } catch {
    // Not JSON: the whole string is the value.
  }
  return field === 'password' && raw !== '' ? raw : undefined;
}

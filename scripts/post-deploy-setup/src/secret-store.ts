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

// Only the SDK error's name goes into the message (printed); the cause is never printed.
function errorName(err: unknown): string {
  return err instanceof Error ? err.name : 'error';
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
        throw new Error(`Cannot read secret ${id}: ${errorName(err)}`, { cause: err });
      }
    },
    async put(id, value, create) {
      try {
        await client.send(new PutSecretValueCommand({ SecretId: id, SecretString: value }));
      } catch (err) {
        if (!(create && notFound(err))) {
          throw new Error(`Cannot write secret ${id}: ${errorName(err)}`, {
            cause: err,
          });
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

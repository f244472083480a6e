import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  SecretUnavailableError,
  type SecretSource,
} from '../../domain/credentials/secret-source.js';

export interface AwsSecretSourceOptions {
  region: string;
  /** For moto/LocalStack in tests; production leaves it unset. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  ttlMs: number;
  now?: () => number;
}

interface Entry {
  value: Promise<string>;
  until: number;
}

/**
 * Secrets Manager, cached per reference for `ttlMs` so the hot path does not call AWS.
 * Concurrent misses share one fetch; failures are not cached. `invalidate` is the 401 path.
 */
export function createAwsSecretSource(
  options: AwsSecretSourceOptions,
): SecretSource & { close(): void } {
  const client = new SecretsManagerClient({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
  const now = options.now ?? Date.now;
  const cache = new Map<string, Entry>();
  const fetchSecret = async (ref: string): Promise<string> => {
    try {
      const output = await client.send(new GetSecretValueCommand({ SecretId: ref }));
      if (typeof output.SecretString !== 'string') throw new SecretUnavailableError(ref);
      return output.SecretString;
    } catch {
      // The SDK's error may echo request details; only the reference leaves this function.
      throw new SecretUnavailableError(ref);
    }
  };
  return {
    get(ref) {
      const hit = cache.get(ref);
      if (hit !== undefined && now() < hit.until) return hit.value;
      const value = fetchSecret(ref);
      cache.set(ref, { value, until: now() + options.ttlMs });
      value.catch(() => cache.delete(ref));
      return value;
    },
    invalidate: (ref) => void cache.delete(ref),
    close: () => client.destroy(),
  };
}

import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  SecretUnavailableError,
  type SecretSource,
} from '../../domain/credentials/secret-source.js';
import { createCachedSecretSource } from './cached-secret-source.js';

export interface AwsSecretSourceOptions {
  region: string;
  /** For moto/LocalStack in tests; production leaves it unset. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  ttlMs: number;
  now?: () => number;
}

/**
 * Secrets Manager, cached per reference for `ttlMs` (see createCachedSecretSource): concurrent
 * misses share one fetch, failures are not cached, `invalidate` is the upstream-401 path.
 */
export function createAwsSecretSource(
  options: AwsSecretSourceOptions,
): SecretSource & { close(): void } {
  const client = new SecretsManagerClient({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
  const fetchSecret = async (ref: string): Promise<string> => {
    let secret: string | undefined;
    try {
      const output = await client.send(new GetSecretValueCommand({ SecretId: ref }));
      secret = output.SecretString;
    } catch {
      // The SDK's error may echo request details; only the reference leaves this function.
      throw new SecretUnavailableError(ref);
    }
    if (typeof secret !== 'string') throw new SecretUnavailableError(ref);
    return secret;
  };
  const cached = createCachedSecretSource(fetchSecret, {
    ttlMs: options.ttlMs,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return { ...cached, close: () => client.destroy() };
}

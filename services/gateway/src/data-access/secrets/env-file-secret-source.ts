import { readFile } from 'node:fs/promises';
import {
  SecretUnavailableError,
  type SecretSource,
} from '../../domain/credentials/secret-source.js';

/**
 * Local-run secrets: `env:NAME` reads the given environment map (main.ts passes process.env),
 * `file:/path` reads a mounted file (trailing newline trimmed). Nothing is cached, so rotation
 * is picked up on the next call.
 */
export function createEnvFileSecretSource(
  env: Readonly<Record<string, string | undefined>>,
): SecretSource {
  return {
    async get(ref) {
      if (ref.startsWith('env:')) {
        const value = env[ref.slice(4)];
        if (value === undefined || value === '') throw new SecretUnavailableError(ref);
        return value;
      }
      if (ref.startsWith('file:')) {
        const text = await readFile(ref.slice(5), 'utf8').catch(() => {
          throw new SecretUnavailableError(ref);
        });
        return text.replace(/\r?\n$/, '');
      }
      throw new SecretUnavailableError(ref);
    },
    invalidate: () => undefined,
  };
}

/** Routes `env:`/`file:` refs to the local source and everything else (ARNs) to `remote`. */
export function createRoutingSecretSource(
  local: SecretSource,
  remote?: SecretSource,
): SecretSource {
  const pick = (ref: string): SecretSource | undefined =>
    ref.startsWith('env:') || ref.startsWith('file:') ? local : remote;
  return {
    get: (ref) => pick(ref)?.get(ref) ?? Promise.reject(new SecretUnavailableError(ref)),
    invalidate: (ref) => pick(ref)?.invalidate(ref),
  };
}

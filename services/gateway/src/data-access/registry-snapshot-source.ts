import type { SnapshotFetchResult, SnapshotSource } from '../domain/snapshot/snapshot-source.js';
import { readBoundedBody, withTimeout } from './read-bounded-body.js';
import type { TokenProvider } from './client-credentials-token-provider.js';

interface Answer {
  status: number;
  etag: string | undefined;
  body: string;
}

export const DEFAULT_SNAPSHOT_MAX_BYTES = 32 * 1024 * 1024;

export interface RegistrySnapshotSourceOptions {
  /** e.g. `http://registry.internal:7002` (no trailing path). */
  readonly registryUrl: string;
  readonly environment: string;
  readonly tokenProvider: TokenProvider;
  /** Whole request including the body. Default 10 s. */
  readonly timeoutMs?: number;
  /** Default 32 MiB. */
  readonly maxBytes?: number;
  readonly fetch?: typeof fetch;
}

/**
 * GET /internal/v1/snapshot?environment=E with If-None-Match and the gateway's service token.
 * A 401 refreshes the token once (it may have been revoked or the key rotated).
 */
export function createRegistrySnapshotSource(
  options: RegistrySnapshotSourceOptions,
): SnapshotSource {
  const url = new URL('/internal/v1/snapshot', options.registryUrl);
  url.searchParams.set('environment', options.environment);
  const doFetch = options.fetch ?? fetch;
  const maxBytes = options.maxBytes ?? DEFAULT_SNAPSHOT_MAX_BYTES;

  async function attempt(etag: string | undefined, refresh: boolean): Promise<Answer> {
    const token = await options.tokenProvider({ refresh });
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
    };
    if (etag !== undefined) headers['if-none-match'] = etag;
    return withTimeout(options.timeoutMs ?? 10_000, async (signal) => {
      const response = await doFetch(url, { headers, signal, redirect: 'error' });
      const etagHeader = response.headers.get('etag') ?? undefined;
      if (response.status !== 200) {
        await response.body?.cancel();
        return { status: response.status, etag: etagHeader, body: '' };
      }
      // Read inside the timeout so a registry that stalls mid-body is cut too.
      return { status: 200, etag: etagHeader, body: await readBoundedBody(response, maxBytes) };
    });
  }

  return {
    async fetch(etag): Promise<SnapshotFetchResult> {
      let answer = await attempt(etag, false);
      if (answer.status === 401) answer = await attempt(etag, true);
      if (answer.status === 304) return { status: 'not_modified' };
      if (answer.status !== 200) {
        throw new Error(`registry answered ${answer.status} to the snapshot poll`);
      }
      return { status: 'ok', etag: answer.etag, body: answer.body };
    },
  };
}

import type { DriftReport, ReportDrift } from '../domain/drift/drift-ports.js';
import type { TokenProvider } from './client-credentials-token-provider.js';

export interface RegistryDriftReporterOptions {
  readonly registryUrl: string;
  readonly tokenProvider: TokenProvider;
  /** Per registry request. Default 5 s. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/**
 * `POST /internal/v1/drift` with the gateway's service token; a 401 refreshes the token once.
 * 2xx → recorded. 400/404/409 (invalid, unknown definition, not pinned) → rejected: the registry
 * would answer the same again. Anything else throws, so the caller may retry. Errors name the
 * HTTP status only.
 */
export function createRegistryDriftReporter(options: RegistryDriftReporterOptions): ReportDrift {
  const doFetch = options.fetch ?? fetch;
  const url = `${options.registryUrl.replace(/\/+$/, '')}/internal/v1/drift`;
  const send = async (report: DriftReport, signal: AbortSignal, refresh: boolean) => {
    const token = await options.tokenProvider({ refresh });
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 5_000);
    return doFetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: JSON.stringify(report),
      signal: AbortSignal.any([signal, timeout]),
    });
  };
  return async (report, signal) => {
    let response = await send(report, signal, false);
    if (response.status === 401) {
      await response.body?.cancel();
      response = await send(report, signal, true);
    }
    await response.body?.cancel();
    if (response.ok) return 'recorded';
    if ([400, 404, 409].includes(response.status)) return 'rejected';
    throw new Error(`registry drift endpoint answered ${response.status}`);
  };
}

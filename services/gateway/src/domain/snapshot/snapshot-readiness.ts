import { appError } from '@mcpgw/errors';

/**
 * Readiness probe (the shape of @mcpgw/http's ReadinessCheck): not ready until the first good
 * snapshot. Afterwards a registry outage does not fail readiness — the gateway serves the last
 * good snapshot and the snapshot-age metric raises the alarm instead.
 */
export function snapshotReadinessCheck(client: { isReady(): boolean }): {
  name: string;
  check: () => Promise<void>;
} {
  return {
    name: 'snapshot',
    check: () =>
      client.isReady()
        ? Promise.resolve()
        : Promise.reject(appError('NOT_READY', 'No registry snapshot has been loaded yet.')),
  };
}

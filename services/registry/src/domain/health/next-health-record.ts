import { HEALTH_HISTORY_LIMIT, type HealthRecord, type HealthSample } from '../model/health.js';

/**
 * The record after one probe. A success makes the version healthy at once; failures count up
 * and only reaching the server's threshold makes it unhealthy, so one lost packet does not pull
 * a server out of the snapshot. Below the threshold the previous status stands.
 */
export function nextHealthRecord(
  versionId: string,
  previous: HealthRecord | undefined,
  sample: HealthSample,
  failureThreshold: number,
): Omit<HealthRecord, 'rev'> {
  const consecutiveFailures = sample.ok ? 0 : (previous?.consecutiveFailures ?? 0) + 1;
  const status = sample.ok
    ? 'healthy'
    : consecutiveFailures >= failureThreshold
      ? 'unhealthy'
      : (previous?.status ?? 'unknown');
  return {
    id: versionId,
    status,
    consecutiveFailures,
    lastCheckedAt: sample.at,
    history: [sample, ...(previous?.history ?? [])].slice(0, HEALTH_HISTORY_LIMIT),
  };
}

/** Due when never checked or when the server's interval has passed since the last check. */
export function isProbeDue(
  record: Pick<HealthRecord, 'lastCheckedAt'> | undefined,
  intervalMs: number,
  now: Date,
): boolean {
  if (record?.lastCheckedAt === undefined) return true;
  return now.getTime() - Date.parse(record.lastCheckedAt) >= intervalMs;
}

/** The admin-client's NetworkError carries the HTTP response; 404 means "absent" to a lookup. */
function statusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('response' in err)) return undefined;
  const response = (err as { response?: { status?: unknown } }).response;
  return typeof response?.status === 'number' ? response.status : undefined;
}

/**
 * Runs a lookup and turns a 404 into `undefined`. In a dry run against a realm that does not
 * exist yet, every lookup 404s and every step then reports `created`.
 */
export async function orAbsent<T>(
  lookup: () => Promise<T | null | undefined>,
): Promise<T | undefined> {
  try {
    return (await lookup()) ?? undefined;
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}

export function isConflict(err: unknown): boolean {
  return statusOf(err) === 409;
}

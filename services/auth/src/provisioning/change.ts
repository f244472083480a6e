/** What an ensure-function did (or, in a dry run, would do). */
export type Change = 'created' | 'updated' | 'unchanged';

/** The strongest of several changes: one `created` or `updated` makes the whole step changed. */
export function combineChanges(changes: readonly Change[]): Change {
  if (changes.includes('created')) return 'created';
  if (changes.includes('updated')) return 'updated';
  return 'unchanged';
}

/**
 * True when `existing` lacks any value of `desired` (recursively for plain objects; arrays
 * compared as sets of JSON values). Keys Keycloak adds on its own are ignored, so a second run
 * against an unchanged realm finds nothing to do.
 */
export function differs(existing: unknown, desired: unknown): boolean {
  if (Array.isArray(desired)) {
    if (!Array.isArray(existing) || existing.length !== desired.length) return true;
    const have = new Set(existing.map((item) => JSON.stringify(item)));
    return desired.some((item) => !have.has(JSON.stringify(item)));
  }
  if (desired !== null && typeof desired === 'object') {
    if (existing === null || typeof existing !== 'object') return true;
    const current = existing as Record<string, unknown>;
    return Object.entries(desired).some(([key, value]) => differs(current[key], value));
  }
  return existing !== desired;
}

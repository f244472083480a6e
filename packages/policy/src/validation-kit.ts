/** Small shape checks shared by the policy validators. Each reports and never throws. */

export type Report = (path: string, message: string) => void;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reports each key outside `allowed`: a typo must not silently widen or narrow a policy. */
export function rejectUnknownKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
  report: Report,
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) report(join(path, key), `unknown key "${key}"`);
  }
}

/**
 * A non-empty array of distinct non-empty strings. An empty list is refused because it would
 * read as "no constraint" to one person and "matches nothing" to another.
 */
export function checkStringList(value: unknown, path: string, report: Report): value is string[] {
  if (!Array.isArray(value) || value.length === 0) {
    report(path, 'must be a non-empty array of strings (omit the key instead of an empty list)');
    return false;
  }
  let ok = true;
  const seen = new Set<string>();
  value.forEach((item, index) => {
    if (typeof item !== 'string' || item.trim() === '' || item.trim() !== item) {
      report(`${path}[${index}]`, 'must be a non-empty string without surrounding spaces');
      ok = false;
    } else if (seen.has(item)) {
      report(`${path}[${index}]`, `duplicate "${item}"`);
      ok = false;
    }
    if (typeof item === 'string') seen.add(item);
  });
  return ok;
}

/** checkStringList, then every entry must be one of `allowed`. */
export function checkEnumList(
  value: unknown,
  allowed: readonly string[],
  path: string,
  report: Report,
): boolean {
  if (!checkStringList(value, path, report)) return false;
  let ok = true;
  value.forEach((item, index) => {
    if (!allowed.includes(item)) {
      report(`${path}[${index}]`, `"${item}" is not one of ${allowed.join(', ')}`);
      ok = false;
    }
  });
  return ok;
}

/** JSON data only: argument values arrive as JSON, so anything else could never compare equal. */
export function isJsonValue(value: unknown, depth = 0): boolean {
  if (depth > 16) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  if (isRecord(value) && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).every((item) => isJsonValue(item, depth + 1));
  }
  return false;
}

export function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

import { SUSPICIOUS_CHARACTER, sanitizeText } from './unicode-patterns.js';
import { MAX_DEPTH, entries } from './walk-strings.js';

/**
 * A deep copy of a definition with invisible characters (zero-width, bidi controls, tag
 * characters, abused variation selectors), ANSI escape sequences and other control characters
 * removed from every string and key. Emoji sequences, flags and scripts that need joiners are
 * left intact. Hidden-instruction text is NOT rewritten: it is flagged for a reviewer instead.
 * Containers nested deeper than the scanner's bound become null. Keys that collide after
 * sanitizing keep the first value (the scan has already flagged the pair).
 */
export function sanitizeDefinition<T>(definition: T): T {
  return copy(definition, 0) as T;
}

function copy(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return sanitizeText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return null;
  if (Array.isArray(value)) {
    return entries(value).map(([, item]) => copy(item, depth + 1));
  }
  const result: Record<string, unknown> = {};
  for (const [key, child] of entries(value)) {
    const cleanKey = sanitizeText(key);
    if (Object.hasOwn(result, cleanKey)) continue;
    // defineProperty, not assignment: a key named '__proto__' must stay a plain property.
    Object.defineProperty(result, cleanKey, {
      value: copy(child, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

/**
 * True when sanitizeDefinition would change something (or the value is too deep to judge).
 * Lets readers that never mutate (the snapshot builder) use a clean definition as it is,
 * without the deep copy.
 */
export function needsSanitizing(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return SUSPICIOUS_CHARACTER.test(value);
  if (typeof value !== 'object' || value === null) return false;
  if (depth >= MAX_DEPTH) return true;
  for (const [key, child] of entries(value)) {
    if (SUSPICIOUS_CHARACTER.test(key) || needsSanitizing(child, depth + 1)) return true;
  }
  return false;
}

import { appendIndex, appendKey } from './json-path.js';

export const MAX_DEPTH = 64;
export const MAX_NODES = 100_000;

export interface WalkVisitor {
  /** A string the model may see: a value, or an object key (property names are shown too). */
  text(path: string, value: string): void;
  /** A container deeper than MAX_DEPTH; its contents were not visited. */
  tooDeep(path: string): void;
  /** MAX_NODES values were visited; the rest of the definition was not. */
  tooLarge(path: string): void;
}

/**
 * Visits every string of an untrusted JSON-like value, keys included, depth-first in key order
 * of appearance. Never throws: unreadable properties (throwing getters, revoked proxies) are
 * skipped, and depth and size are bounded so hostile input cannot exhaust the stack or the CPU.
 */
export function walkStrings(value: unknown, visitor: WalkVisitor): void {
  const state = { nodes: 0, stopped: false };
  visit(value, '', 0, visitor, state);
}

function visit(
  value: unknown,
  path: string,
  depth: number,
  visitor: WalkVisitor,
  state: { nodes: number; stopped: boolean },
): void {
  if (state.stopped) return;
  state.nodes += 1;
  if (state.nodes > MAX_NODES) {
    state.stopped = true;
    visitor.tooLarge(path);
    return;
  }
  if (typeof value === 'string') return visitor.text(path, value);
  if (typeof value !== 'object' || value === null) return;
  if (depth >= MAX_DEPTH) return visitor.tooDeep(path);
  for (const [key, child] of entries(value)) {
    const childPath = Array.isArray(value) ? appendIndex(path, Number(key)) : appendKey(path, key);
    if (!Array.isArray(value)) visitor.text(childPath, key);
    visit(child, childPath, depth + 1, visitor, state);
  }
}

/** Own enumerable entries, skipping any that cannot be read. */
export function entries(value: object): Array<[string, unknown]> {
  let keys: string[];
  try {
    keys = Object.keys(value);
  } catch {
    return [];
  }
  const result: Array<[string, unknown]> = [];
  for (const key of keys) {
    try {
      result.push([key, (value as Record<string, unknown>)[key]]);
    } catch {
      // A throwing getter is not JSON; there is nothing the model could see there.
    }
  }
  return result;
}

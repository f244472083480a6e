import { escapeForDisplay } from './display-text.js';

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** Appends an object key: 'a.b' for identifiers, 'a["odd key"]' otherwise (escaped). */
export function appendKey(path: string, key: string): string {
  if (IDENTIFIER.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}["${escapeForDisplay(key).replaceAll('"', '\\"')}"]`;
}

export function appendIndex(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** The root of the definition is reported as '$' when it is itself a string. */
export function displayPath(path: string): string {
  return path === '' ? '$' : path;
}

/** Last key of a path ('inputSchema.properties.q.description' → 'description'). */
export function leafKey(path: string): string {
  const match = /(?:^|\.)([A-Za-z_$][\w$-]*)$/.exec(path);
  return match?.[1] ?? '';
}

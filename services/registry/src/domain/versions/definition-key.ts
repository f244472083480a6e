import type { Definition } from '../model/server-version.js';

/** `<kind>/<name>`, the key reviewers use for a definition (names of resources may hold `/`). */
export function definitionKey(definition: Pick<Definition, 'kind' | 'name'>): string {
  return `${definition.kind}/${definition.name}`;
}

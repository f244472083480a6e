import { definitionHash, scanDefinition } from '@mcpgw/definitions';
import type { DiscoveryResult } from '@mcpgw/mcp';
import type { Definition, DefinitionKind } from '../model/server-version.js';
import { definitionKey } from '../versions/definition-key.js';

type Body = Readonly<Record<string, unknown>>;

/** The field that names a definition of each kind: the key reviewers and pins use. */
const NAME_FIELD: Readonly<Record<DefinitionKind, string>> = {
  tool: 'name',
  resource: 'uri',
  resource_template: 'uriTemplate',
  prompt: 'name',
};

function isBody(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One listed item → Definition; items without a usable name are skipped (nothing could pin them). */
function toDefinition(kind: DefinitionKind, item: unknown): Definition | undefined {
  if (!isBody(item)) return undefined;
  const name = item[NAME_FIELD[kind]];
  if (typeof name !== 'string' || name.length === 0) return undefined;
  return {
    kind,
    name,
    body: item,
    hash: definitionHash(item),
    findings: scanDefinition(kind, item),
    requiredScopes: [],
  };
}

/**
 * Turns a discovery result into definitions, first occurrence winning when an upstream lists
 * the same name twice (a duplicate would make pins and scope assignments ambiguous).
 */
export function buildDefinitions(result: DiscoveryResult): Definition[] {
  const lists: Array<[DefinitionKind, readonly unknown[]]> = [
    ['tool', result.tools],
    ['resource', result.resources],
    ['resource_template', result.resourceTemplates],
    ['prompt', result.prompts],
  ];
  const seen = new Set<string>();
  const definitions: Definition[] = [];
  for (const [kind, items] of lists) {
    for (const item of items) {
      const definition = toDefinition(kind, item);
      if (!definition || seen.has(definitionKey(definition))) continue;
      seen.add(definitionKey(definition));
      definitions.push(definition);
    }
  }
  return definitions;
}

/** Scopes are set during review; a re-discovery must not silently drop them. */
export function keepRequiredScopes(
  previous: readonly Definition[],
  discovered: readonly Definition[],
): Definition[] {
  const scopes = new Map(previous.map((d) => [definitionKey(d), d.requiredScopes]));
  return discovered.map((d) => ({ ...d, requiredScopes: scopes.get(definitionKey(d)) ?? [] }));
}

import type {
  SnapshotPrompt,
  SnapshotResource,
  SnapshotResourceTemplate,
  SnapshotTool,
} from '@mcpgw/snapshot';
import type { ServerVersion } from '../model/server-version.js';
import { NO_MEMO, type SanitizeMemo } from './sanitize-memo.js';

export interface SnapshotDefinitions {
  tools: SnapshotTool[];
  resources: SnapshotResource[];
  resourceTemplates: SnapshotResourceTemplate[];
  prompts: SnapshotPrompt[];
}

type Body = Record<string, unknown>;

/**
 * Only reviewed definitions reach a gateway: pinned ones, and not while drift is open (the
 * upstream serves something nobody approved). Bodies are sanitized for display, but the pin
 * stays the hash of what the reviewer approved, which the gateway compares with the live one.
 */
export function toSnapshotDefinitions(
  version: Pick<ServerVersion, 'id' | 'definitions'>,
  memo: SanitizeMemo = NO_MEMO,
): SnapshotDefinitions {
  const out: SnapshotDefinitions = { tools: [], resources: [], resourceTemplates: [], prompts: [] };
  for (const definition of version.definitions) {
    if (definition.pinnedHash === undefined || definition.drift !== undefined) continue;
    const key = `${version.id}\u0000${definition.kind}\u0000${definition.name}\u0000${definition.hash}`;
    const body = memo.sanitize(key, definition.body);
    const pin = {
      pinnedHash: definition.pinnedHash,
      requiredScopes: [...definition.requiredScopes],
    };
    if (definition.kind === 'tool')
      out.tools.push({ ...toolFields(body, definition.name), ...pin });
    else if (definition.kind === 'prompt')
      out.prompts.push({ ...promptFields(body, definition.name), ...pin });
    else if (definition.kind === 'resource') {
      out.resources.push({ uri: definition.name, ...describedFields(body), ...pin });
    } else {
      out.resourceTemplates.push({
        uriTemplate: definition.name,
        ...describedFields(body),
        ...pin,
      });
    }
  }
  return out;
}

function str(body: Body, key: string): Record<string, string> {
  const value = body[key];
  return typeof value === 'string' ? { [key]: value } : {};
}

function obj(body: Body, key: string): Record<string, Body> {
  const value = body[key];
  return isObject(value) ? { [key]: value } : {};
}

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toolFields(body: Body, name: string) {
  const inputSchema = isObject(body['inputSchema']) ? body['inputSchema'] : { type: 'object' };
  return {
    name,
    ...str(body, 'title'),
    ...str(body, 'description'),
    inputSchema,
    ...obj(body, 'outputSchema'),
    ...obj(body, 'annotations'),
  };
}

function promptFields(body: Body, name: string) {
  const args = Array.isArray(body['arguments']) ? body['arguments'].filter(isObject) : undefined;
  return {
    name,
    ...str(body, 'title'),
    ...str(body, 'description'),
    ...(args === undefined ? {} : { arguments: args }),
  };
}

function describedFields(body: Body) {
  const name = typeof body['name'] === 'string' ? body['name'] : '';
  return { name, ...str(body, 'description'), ...str(body, 'mimeType') };
}

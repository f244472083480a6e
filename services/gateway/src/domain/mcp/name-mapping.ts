import { NAME_SEPARATOR } from '../serving/serving-types.js';

/** The name an agent sees: original on `/mcp/<id>`, `<serverId>__<name>` on `/mcp`. */
export function exposedName(
  serverFilter: string | undefined,
  serverId: string,
  name: string,
): string {
  return serverFilter === undefined ? `${serverId}${NAME_SEPARATOR}${name}` : name;
}

/** Inverse of exposedName; undefined when the name cannot belong to any server in scope. */
export function parseExposedName(
  serverFilter: string | undefined,
  exposed: string,
): { serverId: string; name: string } | undefined {
  if (serverFilter !== undefined) return { serverId: serverFilter, name: exposed };
  const at = exposed.indexOf(NAME_SEPARATOR);
  if (at <= 0) return undefined;
  return { serverId: exposed.slice(0, at), name: exposed.slice(at + NAME_SEPARATOR.length) };
}

/** Prefix of resource URIs and URI templates on the aggregated endpoint. */
export const AGGREGATED_URI_PREFIX = 'mcpgw://';

/**
 * The URI (or URI template) an agent sees: original on `/mcp/<id>`, `mcpgw://<serverId>/<uri>` on
 * `/mcp`. The original is appended verbatim, not encoded: the mapping then commutes with RFC 6570
 * expansion, so a URI expanded from an exposed template maps back to the URI the upstream's own
 * template would have produced. It depends on nothing but the server id, so it never changes
 * when other servers come or go.
 */
export function exposedUri(
  serverFilter: string | undefined,
  serverId: string,
  uri: string,
): string {
  return serverFilter === undefined ? `${AGGREGATED_URI_PREFIX}${serverId}/${uri}` : uri;
}

/** Inverse of exposedUri; undefined when the URI cannot belong to any server in scope. */
export function parseExposedUri(
  serverFilter: string | undefined,
  exposed: string,
): { serverId: string; uri: string } | undefined {
  if (serverFilter !== undefined) return { serverId: serverFilter, uri: exposed };
  if (!exposed.startsWith(AGGREGATED_URI_PREFIX)) return undefined;
  const at = exposed.indexOf('/', AGGREGATED_URI_PREFIX.length);
  if (at <= AGGREGATED_URI_PREFIX.length || at === exposed.length - 1) return undefined;
  return { serverId: exposed.slice(AGGREGATED_URI_PREFIX.length, at), uri: exposed.slice(at + 1) };
}

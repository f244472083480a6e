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

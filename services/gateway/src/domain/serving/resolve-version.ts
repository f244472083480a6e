import type { ServingServer, ServingState, ServingVersion } from './serving-types.js';

/** The version an agent gets: its pin when the snapshot still serves it, else the default. */
export function resolveVersion(
  state: ServingState,
  server: ServingServer,
  agentId: string,
): ServingVersion | undefined {
  const pinned = state.agents.get(agentId)?.versionPins[server.id];
  const chosen = pinned !== undefined ? server.versions.get(pinned) : undefined;
  return chosen ?? server.versions.get(server.defaultVersion);
}

/** Servers a request may reach: one on `/mcp/<id>`, every server on the aggregated `/mcp`. */
export function serversInScope(
  state: ServingState,
  serverFilter: string | undefined,
): ServingServer[] {
  if (serverFilter === undefined) return [...state.servers.values()];
  const server = state.servers.get(serverFilter);
  return server === undefined ? [] : [server];
}

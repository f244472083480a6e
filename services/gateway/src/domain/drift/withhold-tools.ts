import type { ServingServer, ServingState, ServingVersion } from '../serving/serving-types.js';
import type { WithheldTools } from './withheld-tools.js';

/**
 * A view of `state` without the withheld tools. The compiled state is never edited: only the
 * affected servers and versions are copied, everything else is shared.
 */
export function withholdTools(state: ServingState, withheld: WithheldTools): ServingState {
  const affected = new Map<string, Set<string>>();
  for (const entry of withheld.values()) {
    if (!state.servers.has(entry.serverId)) continue;
    const versions = affected.get(entry.serverId) ?? new Set<string>();
    versions.add(entry.version);
    affected.set(entry.serverId, versions);
  }
  if (affected.size === 0) return state;
  const servers = new Map(state.servers);
  for (const [serverId, versions] of affected) {
    const server = state.servers.get(serverId)!;
    servers.set(serverId, withoutWithheld(server, versions, withheld));
  }
  return { ...state, servers };
}

function withoutWithheld(
  server: ServingServer,
  versionIds: ReadonlySet<string>,
  withheld: WithheldTools,
): ServingServer {
  const versions = new Map(server.versions);
  for (const id of versionIds) {
    const version = server.versions.get(id);
    if (version === undefined) continue;
    const tools = new Map(version.tools);
    for (const name of version.tools.keys()) {
      if (withheld.get({ serverId: server.id, version: id, name }) !== undefined) {
        tools.delete(name);
      }
    }
    versions.set(id, { ...version, tools } satisfies ServingVersion);
  }
  return { ...server, versions };
}

/** What agents could see of tools: ids and pins, to tell whether a new state changed it. */
export function toolFingerprint(state: ServingState | undefined): string {
  if (state === undefined) return '';
  const parts: string[] = [];
  for (const server of state.servers.values()) {
    for (const version of server.versions.values()) {
      for (const tool of version.tools.values()) {
        parts.push([server.id, version.version, tool.name, tool.pinnedHash].join('\u0000'));
      }
    }
  }
  return parts.sort().join('\n');
}

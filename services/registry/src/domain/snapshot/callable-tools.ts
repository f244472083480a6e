import { isVisible, type PolicyPrincipal, type ToolAnnotations } from '@mcpgw/policy';
import type { SnapshotServer, SnapshotTool, SnapshotVersion } from '@mcpgw/snapshot';
import type { Actor } from '../model/actor.js';
import type { SnapshotEntry } from './snapshot-cache.js';

export interface CallableTool {
  /** The name the gateway exposes: `<serverId>__<tool>`. */
  readonly gatewayName: string;
  readonly server: string;
  readonly version: string;
  readonly name: string;
  readonly description?: string;
  readonly inputSchema: Record<string, unknown>;
  readonly outputSchema?: Record<string, unknown>;
  readonly annotations: Record<string, unknown>;
  readonly requiredScopes: readonly string[];
}

/**
 * The tools a caller would see in the gateway's tools/list: same snapshot, same version choice
 * (agent pin, else the default version), same policy engine. Everything else stays invisible,
 * including from counts. No compiled policies (they failed to compile) → nothing is visible.
 */
export function callableTools(
  entry: SnapshotEntry,
  actor: Actor,
  now: Date,
  servers: readonly SnapshotServer[] = entry.snapshot.servers,
): CallableTool[] {
  const policies = entry.policies;
  if (!policies) return [];
  const version = versionChooser(entry, actor);
  if (!version) return [];
  const principal = principalOf(actor);
  const context = { environment: entry.snapshot.environment, now };
  const tools: CallableTool[] = [];
  for (const server of servers) {
    const served = version(server);
    for (const tool of served?.tools ?? []) {
      const target = {
        server: server.id,
        name: tool.name,
        requiredScopes: tool.requiredScopes,
        annotations: hints(tool),
        riskLevel: server.riskLevel,
        dataClassification: server.dataClassification,
      };
      if (isVisible(policies, principal, target, context)) {
        tools.push(toCallable(server.id, served!.version, tool));
      }
    }
  }
  return tools;
}

type VersionChooser = (server: SnapshotServer) => SnapshotVersion | undefined;

/** Undefined when the caller is an agent the gateway would turn away (revoked, other env). */
function versionChooser(entry: SnapshotEntry, actor: Actor): VersionChooser | undefined {
  const agent = entry.snapshot.agents.find((a) => a.id === actor.clientId);
  if (
    agent &&
    (agent.status !== 'active' || !agent.environments.includes(entry.snapshot.environment))
  )
    return undefined;
  return (server) => {
    // A pin to a version that is not served here shows nothing rather than something unpinned.
    const wanted = agent?.versionPins[server.id] ?? server.defaultVersion;
    return server.versions.find((v) => v.version === wanted);
  };
}

function principalOf(actor: Actor): PolicyPrincipal {
  return {
    subject: actor.subject,
    ...(actor.clientId === undefined ? {} : { clientId: actor.clientId }),
    groups: actor.groups,
    scopes: actor.scopes,
  };
}

function hints(tool: SnapshotTool): ToolAnnotations {
  const out: ToolAnnotations = {};
  for (const key of [
    'readOnlyHint',
    'destructiveHint',
    'idempotentHint',
    'openWorldHint',
  ] as const) {
    const value = tool.annotations?.[key];
    if (typeof value === 'boolean') out[key] = value;
  }
  return out;
}

function toCallable(server: string, version: string, tool: SnapshotTool): CallableTool {
  return {
    gatewayName: `${server}__${tool.name}`,
    server,
    version,
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    inputSchema: tool.inputSchema,
    ...(tool.outputSchema === undefined ? {} : { outputSchema: tool.outputSchema }),
    annotations: tool.annotations ?? {},
    requiredScopes: tool.requiredScopes,
  };
}

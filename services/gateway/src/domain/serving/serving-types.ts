import type { CompiledPolicySet, PolicyTarget } from '@mcpgw/policy';
import type { SnapshotAgent, SnapshotServer } from '@mcpgw/snapshot';

/** Separator between server id and original name in the aggregated endpoint's names. */
export const NAME_SEPARATOR = '__';

export type CredentialRef = SnapshotServer['credentialRefs'][number];

export interface ValidationOutcome {
  ok: boolean;
  /** Schema violations as `<path> <message>`; empty when ok. */
  errors: string[];
}

/** Where a server version lives and how the gateway reaches it. */
export interface UpstreamRoute {
  serverId: string;
  version: string;
  url: string;
  transport: 'streamable-http' | 'sse';
  credentialRefs: readonly CredentialRef[];
  /**
   * Set for on-behalf-of servers: the agent's token is exchanged for one with this audience and
   * sent as `Authorization` (over any credential headers). Unset: credential refs only.
   */
  onBehalfOfAudience?: string;
}

/** One callable item (tool, resource, prompt) of one server version, ready for the hot path. */
export interface ServingItem {
  kind: 'tool' | 'resource' | 'prompt';
  serverId: string;
  /** Original name (tools, prompts) or URI (resources). */
  name: string;
  route: UpstreamRoute;
  /** What agents see, as pinned (and sanitized) in the snapshot, without gateway fields. */
  definition: Readonly<Record<string, unknown>>;
  requiredScopes: readonly string[];
  pinnedHash: string;
  /** Pre-built for decide()/isVisible(): no allocation per request. */
  policyTarget: PolicyTarget;
}

export interface ServingTool extends ServingItem {
  kind: 'tool';
  /** Argument validator of the pinned input schema (compiled on first use, once per schema). */
  validate(args: Record<string, unknown>): ValidationOutcome;
}

export interface ServingVersion {
  version: string;
  route: UpstreamRoute;
  tools: ReadonlyMap<string, ServingTool>;
  resources: ReadonlyMap<string, ServingItem>;
  resourceTemplates: readonly ServingItem[];
  prompts: ReadonlyMap<string, ServingItem>;
}

export interface ServingServer {
  id: string;
  name: string;
  defaultVersion: string;
  versions: ReadonlyMap<string, ServingVersion>;
}

/** The compiled, immutable view of one snapshot the gateway serves from. */
export interface ServingState {
  environment: string;
  servers: ReadonlyMap<string, ServingServer>;
  agents: ReadonlyMap<string, SnapshotAgent>;
  policies: CompiledPolicySet;
  scopesSupported: readonly string[];
  /**
   * Whether some policy has a time window, so visibility can change without a new snapshot.
   * Precomputed for the list cache; undefined (a state not built by compileServingState) counts
   * as true.
   */
  visibilityReadsClock?: boolean;
}

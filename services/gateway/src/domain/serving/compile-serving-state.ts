import { compilePolicies, type Policy, type PolicyTarget } from '@mcpgw/policy';
import type { GatewaySnapshot, SnapshotServer, SnapshotVersion } from '@mcpgw/snapshot';
import { sharedValidatorCache, type ValidatorCache } from './compile-validator.js';
import type {
  ServingItem,
  ServingServer,
  ServingState,
  ServingTool,
  ServingVersion,
  UpstreamRoute,
} from './serving-types.js';

type Pinned = { pinnedHash: string; requiredScopes: string[] };

/**
 * Compiles a snapshot into the gateway's serving view: indexes and policy set are built here
 * once, so a request only does map lookups. Argument validators are bound here and compiled on
 * a tool's first call, once per pinned schema for the whole process (`validators`, shared across
 * snapshots by default). Throws on a snapshot whose policies do not compile (the snapshot client
 * then keeps the previous one).
 */
export function compileServingState(
  snapshot: GatewaySnapshot,
  options: { environment: string; validators?: ValidatorCache },
): ServingState {
  const validators = options.validators ?? sharedValidatorCache;
  const servers = new Map<string, ServingServer>();
  for (const server of snapshot.servers) servers.set(server.id, compileServer(server, validators));
  const policies = snapshot.policies as unknown as Policy[];
  return Object.freeze({
    environment: options.environment,
    servers,
    agents: new Map(snapshot.agents.map((agent) => [agent.id, agent])),
    policies: compilePolicies(policies),
    scopesSupported: Object.freeze(snapshot.scopes.map((scope) => scope.id)),
    visibilityReadsClock: policies.some((policy) => policy.conditions?.timeWindow !== undefined),
  });
}

function compileServer(server: SnapshotServer, validators: ValidatorCache): ServingServer {
  const versions = new Map<string, ServingVersion>();
  for (const version of server.versions) {
    versions.set(version.version, compileVersion(server, version, validators));
  }
  return Object.freeze({
    id: server.id,
    name: server.name,
    defaultVersion: server.defaultVersion,
    versions,
  });
}

function compileVersion(
  server: SnapshotServer,
  version: SnapshotVersion,
  validators: ValidatorCache,
): ServingVersion {
  const route: UpstreamRoute = Object.freeze({
    serverId: server.id,
    version: version.version,
    url: version.url,
    transport: version.transport,
    credentialRefs: Object.freeze([...server.credentialRefs]),
    ...(server.onBehalfOfAudience === undefined
      ? {}
      : { onBehalfOfAudience: server.onBehalfOfAudience }),
  });
  const item = (kind: ServingItem['kind'], name: string, pinned: Pinned & object) =>
    buildItem(server, route, kind, name, pinned);
  const tools = new Map<string, ServingTool>();
  for (const tool of version.tools) {
    const validate = validators.validatorFor(tool.inputSchema);
    tools.set(
      tool.name,
      Object.freeze({ ...item('tool', tool.name, tool), kind: 'tool', validate }),
    );
  }
  return Object.freeze({
    version: version.version,
    route,
    tools,
    resources: new Map(version.resources.map((r) => [r.uri, item('resource', r.uri, r)])),
    resourceTemplates: version.resourceTemplates.map((t) => item('resource', t.uriTemplate, t)),
    prompts: new Map(version.prompts.map((p) => [p.name, item('prompt', p.name, p)])),
  });
}

function buildItem(
  server: SnapshotServer,
  route: UpstreamRoute,
  kind: ServingItem['kind'],
  name: string,
  pinned: Pinned & object,
): ServingItem {
  const { pinnedHash, requiredScopes, ...definition } = pinned;
  const annotations = (definition as { annotations?: PolicyTarget['annotations'] }).annotations;
  const policyTarget: PolicyTarget = Object.freeze({
    server: server.id,
    name,
    requiredScopes: Object.freeze([...requiredScopes]),
    ...(kind === 'tool' && annotations !== undefined ? { annotations } : {}),
    riskLevel: server.riskLevel,
    dataClassification: server.dataClassification,
  });
  return Object.freeze({
    kind,
    serverId: server.id,
    name,
    route,
    definition: Object.freeze(definition),
    requiredScopes: policyTarget.requiredScopes,
    pinnedHash,
    policyTarget,
  }) as ServingItem;
}

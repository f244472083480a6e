import { appError } from '@mcpgw/errors';
import type { Action, PolicyTarget, ToolAnnotations } from '@mcpgw/policy';
import type { Definition, DefinitionKind, ServerVersion } from '../model/server-version.js';
import type { Server } from '../model/server.js';
import type { RegistryContext } from '../registry-context.js';

const SERVING_STATUSES = ['approved_dev', 'approved_prod', 'deprecated'];
const VERSION_SCAN_LIMIT = 1_000;

const KINDS_BY_ACTION: Readonly<Record<Action, readonly DefinitionKind[]>> = {
  'tools/list': ['tool'],
  'tools/call': ['tool'],
  'resources/list': ['resource', 'resource_template'],
  'resources/read': ['resource', 'resource_template'],
  'prompts/list': ['prompt'],
  'prompts/get': ['prompt'],
};

/** Numeric semver comparison; a pre-release sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const [coreA = '', preA] = a.split('-', 2);
  const [coreB = '', preB] = b.split('-', 2);
  const partsA = coreA.split('.').map(Number);
  const partsB = coreB.split('.').map(Number);
  for (let i = 0; i < Math.max(partsA.length, partsB.length); i += 1) {
    const diff = (partsA[i] ?? 0) - (partsB[i] ?? 0);
    if (diff !== 0 && !Number.isNaN(diff)) return diff;
  }
  if (preA === preB) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  return preA < preB ? -1 : 1;
}

async function newestServingVersion(
  ctx: RegistryContext,
  serverId: string,
): Promise<ServerVersion | undefined> {
  const versions = await ctx.store
    .collection<ServerVersion>('server_versions')
    .find({ serverId, status: { in: SERVING_STATUSES } }, { limit: VERSION_SCAN_LIMIT });
  return versions.sort((a, b) => compareVersions(b.version, a.version))[0];
}

function annotationsOf(definition: Definition): ToolAnnotations | undefined {
  const raw = definition.body['annotations'];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  return raw as ToolAnnotations;
}

/**
 * The policy target for explain: scopes and annotations from the newest approved version's
 * definition, risk and classification from the server. Unknown server or name → 404.
 */
export async function resolveExplainTarget(
  ctx: RegistryContext,
  action: Action,
  ref: { server: string; name: string },
): Promise<PolicyTarget> {
  const server = await ctx.store.collection<Server>('servers').get(ref.server);
  const version = server ? await newestServingVersion(ctx, ref.server) : undefined;
  if (!server || !version) {
    throw appError('NOT_FOUND', `No approved version of the server ${ref.server} exists.`);
  }
  const kinds = KINDS_BY_ACTION[action];
  const definition = version.definitions.find((d) => d.name === ref.name && kinds.includes(d.kind));
  if (!definition) {
    throw appError('NOT_FOUND', `${version.id} has no ${kinds.join(' or ')} named ${ref.name}.`);
  }
  const annotations = annotationsOf(definition);
  return {
    server: ref.server,
    name: ref.name,
    requiredScopes: [...definition.requiredScopes],
    ...(annotations === undefined ? {} : { annotations }),
    riskLevel: server.riskLevel,
    dataClassification: server.dataClassification,
  };
}

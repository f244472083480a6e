import { connectUpstream, type UpstreamConnection } from './connect-upstream.js';
import { listAllPages, type ListLimits, type ListMethod } from './list-all-pages.js';
import { elapsedMs, startOperation, type Operation } from './operation.js';
import { toUpstreamError } from './upstream-failure.js';
import {
  DEFAULT_MAX_ITEMS,
  DEFAULT_MAX_PAGES,
  type DiscoveryResult,
  type DiscoveryStage,
  type UpstreamTarget,
} from './types.js';

interface Listing {
  method: ListMethod;
  key: string;
  stage: DiscoveryStage;
  capability: string;
}

const LISTINGS = {
  tools: { method: 'tools/list', key: 'tools', stage: 'list-tools', capability: 'tools' },
  resources: {
    method: 'resources/list',
    key: 'resources',
    stage: 'list-resources',
    capability: 'resources',
  },
  resourceTemplates: {
    method: 'resources/templates/list',
    key: 'resourceTemplates',
    stage: 'list-resource-templates',
    capability: 'resources',
  },
  prompts: { method: 'prompts/list', key: 'prompts', stage: 'list-prompts', capability: 'prompts' },
} as const satisfies Record<string, Listing>;

/**
 * Connects in the newest era the upstream speaks, lists everything it declares across all
 * pages, and always closes what it opened. Failures are UPSTREAM_FAILED with {stage, reason}.
 */
export async function discoverUpstream(target: UpstreamTarget): Promise<DiscoveryResult> {
  const op = startOperation(target);
  const progress: { stage: DiscoveryStage } = { stage: 'connect' };
  let connection: UpstreamConnection | undefined;
  try {
    connection = await connectUpstream(target, op);
    const capabilities = (connection.client.getServerCapabilities() ?? {}) as Record<
      string,
      unknown
    >;
    const limits = {
      maxPages: target.maxPages ?? DEFAULT_MAX_PAGES,
      maxItems: target.maxItems ?? DEFAULT_MAX_ITEMS,
    };
    const list = (listing: Listing): Promise<unknown[]> =>
      listDeclared(connection as UpstreamConnection, capabilities, listing, limits, op, progress);
    const tools = await list(LISTINGS.tools);
    const resources = await list(LISTINGS.resources);
    const resourceTemplates = await list(LISTINGS.resourceTemplates);
    const prompts = await list(LISTINGS.prompts);
    return {
      ...describeServer(connection),
      capabilities,
      tools,
      resources,
      resourceTemplates,
      prompts,
      durationMs: elapsedMs(op),
    };
  } catch (error) {
    throw toUpstreamError(error, progress.stage, op);
  } finally {
    await connection?.close();
    op.dispose();
  }
}

async function listDeclared(
  connection: UpstreamConnection,
  capabilities: Record<string, unknown>,
  listing: Listing,
  limits: ListLimits,
  op: Operation,
  progress: { stage: DiscoveryStage },
): Promise<unknown[]> {
  // Asking for an undeclared list is a protocol error on strict servers; absence means none.
  if (!capabilities[listing.capability]) return [];
  progress.stage = listing.stage;
  return listAllPages(connection.client, listing, limits, () => ({
    timeout: op.remainingMs(),
    signal: op.signal,
  }));
}

function describeServer(
  connection: UpstreamConnection,
): Pick<DiscoveryResult, 'era' | 'protocolVersion' | 'serverInfo' | 'instructions'> {
  const info = connection.client.getServerVersion();
  const instructions = connection.client.getInstructions();
  return {
    era: connection.era,
    protocolVersion: connection.protocolVersion,
    // 2026-07-28 makes serverInfo a SHOULD; an anonymous server is still a valid upstream.
    serverInfo: {
      name: info?.name ?? 'unknown',
      version: info?.version ?? 'unknown',
      ...(info?.title === undefined ? {} : { title: info.title }),
    },
    ...(instructions === undefined ? {} : { instructions }),
  };
}

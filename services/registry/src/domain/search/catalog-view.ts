import type { Server } from '../model/server.js';
import type { ServerVersion } from '../model/server-version.js';
import type { CollectionName } from '../ports/document-store.js';
import type { RegistryContext } from '../registry-context.js';
import { compareVersions } from '../snapshot/compare-versions.js';
import { createRebuilder } from '../snapshot/rebuilder.js';
import { buildSearchIndex, type SearchDocument, type SearchIndex } from './search-index.js';

/** The catalog as agents and search read it: servers with their live versions, plus the index. */
export interface CatalogView {
  /** Sorted by id. */
  readonly servers: readonly Server[];
  readonly serverById: ReadonlyMap<string, Server>;
  /** Versions that are not retired, newest first by semver. */
  readonly versionsByServer: ReadonlyMap<string, readonly ServerVersion[]>;
  readonly index: SearchIndex;
}

export interface CatalogViewCache {
  get(): Promise<CatalogView>;
  refresh(): Promise<void>;
  stop(): void;
}

const WATCHED: ReadonlySet<CollectionName> = new Set(['servers', 'server_versions']);
const NOT_RETIRED = [
  'draft',
  'submitted',
  'in_review',
  'approved_dev',
  'approved_prod',
  'deprecated',
  'rejected',
];

/**
 * Registry reads that agents make are served from memory (PERFORMANCE.md): this view is rebuilt
 * after in-process change notifications (debounced) and every `refreshMs` for writes by other
 * registry tasks. A failed rebuild keeps the previous view.
 */
export function createCatalogViewCache(
  ctx: RegistryContext,
  options: { refreshMs: number; debounceMs?: number },
): CatalogViewCache {
  let view: CatalogView | undefined;
  const rebuilder = createRebuilder({
    rebuild: async () => {
      view = await loadCatalogView(ctx);
    },
    onError: (error) => ctx.logger.error('catalog view rebuild failed', { error: String(error) }),
    refreshMs: options.refreshMs,
    debounceMs: options.debounceMs ?? 50,
  });
  const unsubscribe = ctx.changes.subscribe((collection) => {
    if (WATCHED.has(collection)) rebuilder.schedule();
  });
  const first = rebuilder.refresh();
  return {
    async get() {
      if (!view) await first;
      if (!view) throw new Error('catalog view unavailable');
      return view;
    },
    refresh: () => rebuilder.refresh(),
    stop() {
      unsubscribe();
      rebuilder.stop();
    },
  };
}

export async function loadCatalogView(ctx: RegistryContext): Promise<CatalogView> {
  const [servers, versions] = await Promise.all([
    ctx.store.collection<Server>('servers').scan(),
    ctx.store.collection<ServerVersion>('server_versions').scan({ status: { in: NOT_RETIRED } }),
  ]);
  const versionsByServer = new Map<string, ServerVersion[]>();
  for (const version of versions) {
    const list = versionsByServer.get(version.serverId) ?? [];
    list.push(version);
    versionsByServer.set(version.serverId, list);
  }
  for (const list of versionsByServer.values()) {
    list.sort((a, b) => compareVersions(b.version, a.version));
  }
  const sorted = [...servers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    servers: sorted,
    serverById: new Map(sorted.map((server) => [server.id, server])),
    versionsByServer,
    index: buildSearchIndex(sorted.map((s) => searchDocument(s, versionsByServer.get(s.id)))),
  };
}

function searchDocument(server: Server, versions: readonly ServerVersion[] = []): SearchDocument {
  const toolNames = new Set<string>();
  const toolDescriptions = new Set<string>();
  for (const version of versions) {
    for (const definition of version.definitions) {
      if (definition.kind !== 'tool') continue;
      toolNames.add(definition.name);
      const description = definition.body['description'];
      if (typeof description === 'string') toolDescriptions.add(description);
    }
  }
  return {
    id: server.id,
    fields: {
      name: [server.name, server.id],
      description: [server.description],
      capability: [server.capability],
      tags: server.tags,
      toolNames: [...toolNames],
      toolDescriptions: [...toolDescriptions],
    },
  };
}

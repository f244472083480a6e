import type { Server } from '../model/server.js';
import type { CatalogView } from './catalog-view.js';

export interface SearchResult {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly capability: string;
  readonly tags: readonly string[];
  readonly ownerTeam: string;
  readonly riskLevel: Server['riskLevel'];
  readonly dataClassification: Server['dataClassification'];
  readonly score: number;
}

/**
 * `'catalog'`: the human view — every server that still has a version that is not retired.
 * A predicate: a narrower view (an agent's), asked only for candidates, in rank order.
 */
export type SearchVisibility = 'catalog' | ((serverId: string) => boolean);

export function searchCatalog(
  view: CatalogView,
  query: string,
  limit: number,
  visibility: SearchVisibility,
): SearchResult[] {
  const live = (id: string) => (view.versionsByServer.get(id)?.length ?? 0) > 0;
  const accept = visibility === 'catalog' ? live : (id: string) => live(id) && visibility(id);
  return view.index.search(query, limit, accept).flatMap((hit) => {
    const server = view.serverById.get(hit.id);
    if (!server) return [];
    return [
      {
        id: server.id,
        name: server.name,
        description: server.description,
        capability: server.capability,
        tags: server.tags,
        ownerTeam: server.ownerTeam,
        riskLevel: server.riskLevel,
        dataClassification: server.dataClassification,
        score: hit.score,
      },
    ];
  });
}

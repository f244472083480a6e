import { discoverUpstream } from '@mcpgw/mcp';
import { guardedFetch, type NetGuardPolicy } from '@mcpgw/net-guard';
import type { Dispatcher } from 'undici';
import type { ListLiveTools } from '../../domain/drift/drift-ports.js';

/**
 * Lists an upstream's live tools for the drift monitor with the same discovery code the
 * registry used when it pinned them (both eras, every page), so the hashes compare like for
 * like. Goes through the SSRF-guarded dispatcher the call path uses.
 */
export function createLiveToolLister(options: {
  policy: NetGuardPolicy;
  dispatcher: Dispatcher;
  timeoutMs: number;
}): ListLiveTools {
  const fetchThroughGuard = guardedFetch(options.policy, { dispatcher: options.dispatcher });
  return async (route, headers) => {
    const live = await discoverUpstream({
      url: route.url,
      transport: route.transport,
      headers,
      timeoutMs: options.timeoutMs,
      fetch: fetchThroughGuard,
    });
    return live.tools as Record<string, unknown>[];
  };
}

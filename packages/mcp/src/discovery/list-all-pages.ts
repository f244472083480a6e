import type { Client, RequestOptions } from '@modelcontextprotocol/client';
import { untilAborted } from './operation.js';
import { upstreamFailed } from './upstream-failure.js';
import type { DiscoveryStage } from './types.js';

export type ListMethod =
  'tools/list' | 'resources/list' | 'resources/templates/list' | 'prompts/list';

export interface ListLimits {
  maxPages: number;
  maxItems: number;
}

/**
 * Follows `nextCursor` one page at a time (the SDK's own aggregate walk tolerates a looping
 * cursor and has its own cap; we want both limits and a loop to be hard failures).
 */
export async function listAllPages(
  client: Client,
  request: { method: ListMethod; key: string; stage: DiscoveryStage },
  limits: ListLimits,
  options: () => RequestOptions & { signal: AbortSignal },
): Promise<unknown[]> {
  const items: unknown[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; ; page += 1) {
    if (page > limits.maxPages) throw upstreamFailed(request.stage, { reason: 'too-many-pages' });
    const params = cursor === undefined ? {} : { cursor };
    const pageOptions = options();
    const pending = client.request({ method: request.method, params }, pageOptions);
    const result = (await untilAborted(pending, pageOptions.signal)) as Record<string, unknown>;
    const pageItems = result[request.key];
    if (Array.isArray(pageItems)) items.push(...(pageItems as unknown[]));
    if (items.length > limits.maxItems)
      throw upstreamFailed(request.stage, { reason: 'too-many-items' });
    const next = result['nextCursor'];
    if (typeof next !== 'string' || next.length === 0) return items;
    if (seen.has(next)) throw upstreamFailed(request.stage, { reason: 'repeated-cursor' });
    seen.add(next);
    cursor = next;
  }
}

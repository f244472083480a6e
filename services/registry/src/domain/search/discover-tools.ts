import type { Actor } from '../model/actor.js';
import { callableTools, type CallableTool } from '../snapshot/callable-tools.js';
import type { SnapshotEntry } from '../snapshot/snapshot-cache.js';
import { queryTerms, tokenize } from './tokenize.js';

/**
 * The caller's callable tools, narrowed to those whose server, name or description contains
 * every query term (as a word prefix). Filtering happens after the visibility check, so a query
 * can never reveal a tool the caller may not see, not even as a count.
 */
export function discoverTools(
  entry: SnapshotEntry,
  actor: Actor,
  now: Date,
  query?: string,
): CallableTool[] {
  const tools = callableTools(entry, actor, now);
  if (query === undefined) return tools;
  const terms = queryTerms(query);
  if (terms.length === 0) return tools;
  return tools.filter((tool) => {
    const words = tokenize(`${tool.server} ${tool.name} ${tool.description ?? ''}`);
    return terms.every((term) => words.some((word) => word.startsWith(term)));
  });
}

import type { Definition, DriftInfo } from '../model/server-version.js';
import { definitionKey } from '../versions/definition-key.js';

/** What a re-discovery of an approved version changed; names are `<kind>/<name>` keys. */
export interface PinnedMerge {
  readonly definitions: Definition[];
  /** Newly drifted (or drifted to a different live hash) since the last look. */
  readonly drifted: string[];
  /** Listed now but unknown at approval: stored without a pin, so not served until re-approval. */
  readonly added: string[];
  /** Registry-detected drift that went away because the upstream serves the pinned text again. */
  readonly restored: string[];
  /** Pinned definitions the upstream no longer lists (kept: removing a pin is a review decision). */
  readonly missing: string[];
}

function liveDrift(pinned: Definition, live: Definition, at: string): DriftInfo {
  const same = pinned.drift?.liveHash === live.hash ? pinned.drift : undefined;
  return {
    ...(same ?? { detectedAt: at, liveHash: live.hash, source: 'registry' as const }),
    liveBody: live.body,
    liveFindings: live.findings,
  };
}

/** One previously known definition against its live counterpart. */
function mergeOne(
  previous: Definition,
  live: Definition,
  at: string,
  out: PinnedMerge,
): Definition {
  const key = definitionKey(previous);
  // Never pinned (added after approval): nothing to protect, track the live text.
  if (previous.pinnedHash === undefined) {
    return { ...live, requiredScopes: previous.requiredScopes };
  }
  if (live.hash === previous.pinnedHash) {
    // A gateway report stays until a reviewer looks: the gateway may reach another replica.
    if (previous.drift?.source !== 'registry') return previous;
    out.restored.push(key);
    const { drift: _gone, ...rest } = previous;
    return rest;
  }
  if (previous.drift?.liveHash !== live.hash) out.drifted.push(key);
  // The pinned body, hash and findings stay: what was approved is what reviewers compare against.
  return { ...previous, drift: liveDrift(previous, live, at) };
}

/**
 * Merges a re-discovery into an approved version without ever overwriting a pinned
 * definition: a changed one is flagged as drifted (the snapshot withholds it), new ones are
 * added unpinned, vanished ones are kept and reported.
 */
export function mergePinnedDefinitions(
  previous: readonly Definition[],
  discovered: readonly Definition[],
  at: string,
): PinnedMerge {
  const out: PinnedMerge = { definitions: [], drifted: [], added: [], restored: [], missing: [] };
  const live = new Map(discovered.map((d) => [definitionKey(d), d]));
  for (const definition of previous) {
    const key = definitionKey(definition);
    const match = live.get(key);
    live.delete(key);
    if (match) out.definitions.push(mergeOne(definition, match, at, out));
    else {
      out.definitions.push(definition);
      if (definition.pinnedHash !== undefined) out.missing.push(key);
    }
  }
  for (const [key, definition] of live) {
    out.definitions.push(definition);
    out.added.push(key);
  }
  return out;
}

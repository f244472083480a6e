import type { DiscoveryResult } from '@mcpgw/mcp';
import type { Definition, DiscoveryInfo, ServerVersion } from '../model/server-version.js';
import { mergePinnedDefinitions, type PinnedMerge } from '../drift/merge-pinned-definitions.js';
import { keepRequiredScopes } from './build-definitions.js';

/** The upstream's answer, computed once and applied to whatever revision of the version is current. */
export type DiscoveryOutcome =
  | { readonly ok: true; readonly result: DiscoveryResult; readonly definitions: Definition[] }
  | { readonly ok: false; readonly error: string };

export interface AppliedDiscovery {
  readonly version: ServerVersion;
  /** Set for approved versions, whose pinned definitions are merged rather than replaced. */
  readonly merge?: PinnedMerge;
}

function discoveryInfo(outcome: DiscoveryOutcome, at: string): DiscoveryInfo {
  if (!outcome.ok) return { at, ok: false, error: outcome.error };
  const { era, protocolVersion, serverInfo } = outcome.result;
  return {
    at,
    ok: true,
    era,
    protocolVersion,
    serverInfo: {
      name: serverInfo.name,
      version: serverInfo.version,
      ...(serverInfo.title === undefined ? {} : { title: serverInfo.title }),
    },
  };
}

/**
 * The next state of a version after discovery. A failed discovery keeps the last known
 * definitions (an outage must not erase what reviewers saw); an approved version (approvedFor
 * non-empty, so deprecated ones too) never has a pinned definition overwritten.
 */
export function applyDiscovery(
  version: ServerVersion,
  outcome: DiscoveryOutcome,
  at: string,
): AppliedDiscovery {
  const base = { ...version, discovery: discoveryInfo(outcome, at), updatedAt: at };
  if (!outcome.ok) return { version: base };
  if (version.approvedFor.length > 0) {
    const merge = mergePinnedDefinitions(version.definitions, outcome.definitions, at);
    return { version: { ...base, definitions: merge.definitions }, merge };
  }
  return {
    version: { ...base, definitions: keepRequiredScopes(version.definitions, outcome.definitions) },
  };
}

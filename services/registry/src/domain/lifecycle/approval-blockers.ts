import type { ServerVersion } from '../model/server-version.js';
import { definitionKey } from '../versions/definition-key.js';

export interface ApprovalBlocker {
  readonly code: 'discovery_not_ok' | 'findings_not_accepted' | 'drift' | 'tool_unscoped';
  readonly definition?: string;
  readonly message: string;
}

/**
 * What stands between a version and approval. Empty = approvable. Every tool needs a scope:
 * the registry must never approve a tool anyone authenticated could call.
 */
export function approvalBlockers(version: ServerVersion): ApprovalBlocker[] {
  const blockers: ApprovalBlocker[] = [];
  if (!version.discovery?.ok) {
    blockers.push({
      code: 'discovery_not_ok',
      message: 'Discovery has not succeeded for this version.',
    });
  }
  const accepted = new Set(version.findingsAcceptance?.definitionHashes ?? []);
  for (const def of version.definitions) {
    const key = definitionKey(def);
    if (def.findings.length > 0 && !accepted.has(def.hash)) {
      blockers.push({
        code: 'findings_not_accepted',
        definition: key,
        message: `${key} has scan findings that no reviewer accepted.`,
      });
    }
    if (def.drift) {
      blockers.push({
        code: 'drift',
        definition: key,
        message: `${key} drifted from its pinned definition.`,
      });
    }
    if (def.kind === 'tool' && def.requiredScopes.length === 0) {
      blockers.push({
        code: 'tool_unscoped',
        definition: key,
        message: `${key} has no required scope.`,
      });
    }
  }
  return blockers;
}

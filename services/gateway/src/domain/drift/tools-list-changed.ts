import { createHash } from 'node:crypto';
import { canonicalJson } from '@mcpgw/definitions';
import type { GatewaySnapshot } from '@mcpgw/snapshot';

/**
 * A tiny fan-out for "the tools agents may see changed". The drift monitor and the snapshot
 * hook emit; the MCP endpoint listens and notifies its open sessions.
 */
export interface ToolsListChangedSignal {
  subscribe(listener: () => void): () => void;
  emit(): void;
}

/**
 * Emits are coalesced per microtask: one snapshot swap can be announced by the drift monitor
 * (pins changed) and by the visibility check (policies changed) at once, and agents should hear
 * about it once.
 */
export function createToolsListChangedSignal(): ToolsListChangedSignal {
  const listeners = new Set<() => void>();
  let pending = false;
  const flush = (): void => {
    pending = false;
    for (const listener of listeners) {
      try {
        listener();
      } catch {
        // A failing listener must not keep the others from hearing about the change.
      }
    }
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit() {
      if (pending) return;
      pending = true;
      queueMicrotask(flush);
    },
  };
}

/**
 * The snapshot client's `onChange` listener that announces a change in what any principal could
 * see in `tools/list`: tools and their pins, scopes and annotations, server risk and
 * classification, version status and defaults, policies, agents (status, scopes, version pins).
 * A new snapshot that changes only policies — a tool becomes visible or hidden without any tool
 * changing — is therefore announced too. The first snapshot is the baseline and announces
 * nothing; a snapshot that changes nothing of this (e.g. only a description) announces nothing.
 */
export function announceToolVisibilityChanges(
  signal: Pick<ToolsListChangedSignal, 'emit'>,
): (state: { snapshot: GatewaySnapshot }) => void {
  let previous: string | undefined;
  return ({ snapshot }) => {
    const next = toolVisibilityFingerprint(snapshot);
    if (previous !== undefined && next !== previous) signal.emit();
    previous = next;
  };
}

export function toolVisibilityFingerprint(snapshot: GatewaySnapshot): string {
  const servers = snapshot.servers.map((server) => ({
    id: server.id,
    riskLevel: server.riskLevel,
    dataClassification: server.dataClassification,
    defaultVersion: server.defaultVersion,
    versions: server.versions.map((version) => ({
      version: version.version,
      status: version.status,
      tools: version.tools.map((tool) => ({
        name: tool.name,
        pinnedHash: tool.pinnedHash,
        requiredScopes: tool.requiredScopes,
        annotations: tool.annotations ?? null,
      })),
    })),
  }));
  const relevant = {
    environment: snapshot.environment,
    servers,
    policies: snapshot.policies,
    agents: snapshot.agents,
  };
  return createHash('sha256').update(canonicalJson(relevant)).digest('base64url');
}

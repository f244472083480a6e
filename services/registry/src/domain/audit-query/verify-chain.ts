import { chainHash, GENESIS_HASH } from '../audit/audit-log.js';
import type { AuditEvent } from '../model/audit-event.js';

export type ChainProblem = 'hash_mismatch' | 'missing_link' | 'prev_mismatch';

export type ChainVerdict =
  | { readonly ok: true; readonly count: number }
  | {
      readonly ok: false;
      readonly instance: string;
      readonly seq: number;
      readonly problem: ChainProblem;
    };

function groupByInstance(events: readonly AuditEvent[]): Map<string, AuditEvent[]> {
  const chains = new Map<string, AuditEvent[]>();
  for (const event of events) {
    const chain = chains.get(event.instance) ?? [];
    chain.push(event);
    chains.set(event.instance, chain);
  }
  for (const chain of chains.values()) chain.sort((a, b) => a.seq - b.seq);
  return chains;
}

function recomputed(event: AuditEvent): string {
  const { hash: _hash, rev: _rev, ...rest } = event;
  return chainHash(rest);
}

/** First problem of one instance's chain (sorted by seq, expected to start at seq 1). */
function checkChain(chain: readonly AuditEvent[]): { seq: number; problem: ChainProblem } | null {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (const event of chain) {
    // A gap (or duplicate) in seq means an event was removed or replayed.
    if (event.seq !== expectedSeq) return { seq: expectedSeq, problem: 'missing_link' };
    if (event.prevHash !== prevHash) return { seq: event.seq, problem: 'prev_mismatch' };
    if (recomputed(event) !== event.hash) return { seq: event.seq, problem: 'hash_mismatch' };
    prevHash = event.hash;
    expectedSeq += 1;
  }
  return null;
}

/**
 * Recomputes every instance's hash chain. Detects edited events (hash), removed events (seq gap)
 * and re-linked ones (prevHash); removing the newest events of a chain is only detectable against
 * the emitter's own last seq, which this function does not know.
 */
export function verifyAuditChain(events: readonly AuditEvent[]): ChainVerdict {
  const chains = groupByInstance(events);
  for (const instance of [...chains.keys()].sort()) {
    const problem = checkChain(chains.get(instance) ?? []);
    if (problem) return { ok: false, instance, ...problem };
  }
  return { ok: true, count: events.length };
}

import { chainHash, GENESIS_HASH } from './chain-hash.js';

/**
 * A stored event as the verifier needs it: the chain fields, plus whatever else was hashed (every
 * other own field, read as plain data). An emitted `AuditEvent` is one as it stands.
 */
export interface ChainedRecord {
  readonly instance: string;
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

export type ChainProblem = 'hash mismatch' | 'prevHash mismatch' | 'missing link' | 'duplicate seq';

export type ChainResult =
  | { readonly instance: string; readonly ok: true; readonly count: number }
  | {
      readonly instance: string;
      readonly ok: false;
      readonly count: number;
      readonly seq: number;
      readonly problem: ChainProblem;
      /** e.g. `instance gw-1 seq 7: missing link (expected seq 7, found 9)` */
      readonly message: string;
    };

export interface VerifyOptions {
  /**
   * The records start mid-chain (a `--since` window): the first record's seq and prevHash are
   * taken on trust instead of requiring seq 1 and the genesis hash.
   */
  readonly partial?: boolean;
}

/**
 * Verifies each instance's chain, one result per instance (sorted by name). Records may come in
 * any order; within an instance they are checked by seq. Reports the first broken link only.
 * A deleted tail cannot be seen from the chain alone; compare the last seq with the emitter's.
 */
export function verifyAuditChain(
  records: readonly ChainedRecord[],
  options: VerifyOptions = {},
): ChainResult[] {
  const byInstance = new Map<string, ChainedRecord[]>();
  for (const record of records) {
    const list = byInstance.get(record.instance) ?? [];
    list.push(record);
    byInstance.set(record.instance, list);
  }
  return [...byInstance.keys()].sort().map((instance) => {
    const verifier = createChainVerifier(instance, options);
    const sorted = [...(byInstance.get(instance) ?? [])].sort((a, b) => a.seq - b.seq);
    for (const record of sorted) verifier.add(record);
    return verifier.result();
  });
}

/** Incremental form for streams sorted by seq (the CLI reads a cursor through it). */
export function createChainVerifier(
  instance: string,
  options: VerifyOptions = {},
): { add(record: ChainedRecord): void; result(): ChainResult } {
  let count = 0;
  let previous: { seq: number; hash: string } | undefined;
  let failure: { seq: number; problem: ChainProblem; detail: string } | undefined;

  function check(record: ChainedRecord): typeof failure {
    const trustFirst = options.partial === true;
    const expectedSeq = previous === undefined ? (trustFirst ? record.seq : 1) : previous.seq + 1;
    const expectedPrev =
      previous === undefined ? (trustFirst ? record.prevHash : GENESIS_HASH) : previous.hash;
    if (previous !== undefined && record.seq === previous.seq) {
      return { seq: record.seq, problem: 'duplicate seq', detail: 'duplicate seq' };
    }
    if (record.seq !== expectedSeq) {
      const detail = `missing link (expected seq ${expectedSeq}, found ${record.seq})`;
      return { seq: expectedSeq, problem: 'missing link', detail };
    }
    if (record.prevHash !== expectedPrev) {
      return { seq: record.seq, problem: 'prevHash mismatch', detail: 'prevHash mismatch' };
    }
    if (chainHash(record as ChainedRecord & Record<string, unknown>) !== record.hash) {
      return { seq: record.seq, problem: 'hash mismatch', detail: 'hash mismatch' };
    }
    return undefined;
  }

  return {
    add(record) {
      if (failure !== undefined) return;
      count += 1;
      failure = check(record);
      previous = { seq: record.seq, hash: record.hash };
    },
    result() {
      if (failure === undefined) return { instance, ok: true, count };
      const message = `instance ${instance} seq ${failure.seq}: ${failure.detail}`;
      return { instance, ok: false, count, seq: failure.seq, problem: failure.problem, message };
    },
  };
}

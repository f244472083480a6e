import type { AuditLogger } from './audit-sink.js';

const LOG_EVERY = 1000;

/**
 * Counts events the full buffer refused (they reached stdout, not the sink; the stored chain
 * shows their seqs as missing). Logs `audit_buffer_overflow` on the first refusal of an episode
 * and every 1000 after, and once more when the buffer takes events again.
 */
export function createOverflowCounter(logger: AuditLogger): {
  dropped(seq: number): void;
  accepted(): void;
  total(): number;
} {
  let total = 0;
  let episode = 0;
  let firstSeq = 0;
  return {
    dropped(seq) {
      total += 1;
      episode += 1;
      if (episode === 1) firstSeq = seq;
      if (episode % LOG_EVERY === 1) {
        logger.error('audit_buffer_overflow', { overflowed: total, firstSeq, seq });
      }
    },
    accepted() {
      if (episode === 0) return;
      logger.warn('audit_buffer_overflow_ended', { dropped: episode, firstSeq, overflowed: total });
      episode = 0;
    },
    total: () => total,
  };
}

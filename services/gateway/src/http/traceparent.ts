import { randomBytes } from 'node:crypto';
import { parseTraceparent } from '@mcpgw/http';

/** Continues the agent's trace with a new span for our upstream hop, or starts a trace. */
export function outboundTraceparent(inbound: string | undefined): string {
  const parsed = parseTraceparent(inbound);
  const traceId = parsed?.traceId ?? randomBytes(16).toString('hex');
  const flags = parsed !== undefined ? (inbound ?? '').trim().slice(53, 55) || '01' : '01';
  return `00-${traceId}-${randomBytes(8).toString('hex')}-${flags}`;
}

import { isAppError } from '@mcpgw/errors';
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/client';
import { connectUpstream, type UpstreamConnection } from './connect-upstream.js';
import { elapsedMs, startOperation, untilAborted } from './operation.js';
import { toUpstreamError } from './upstream-failure.js';
import type { DiscoveryStage, ProbeResult, UpstreamTarget } from './types.js';

/** Health checks must answer quickly; a caller wanting longer passes timeoutMs. */
const PROBE_TIMEOUT_MS = 5_000;

/**
 * A real MCP round trip. On 2026-07-28 the handshake itself is one (`server/discover`, and the
 * revision has no `ping`); on the session revisions `initialize` is followed by a `ping` so the
 * session is shown to work too. Never throws; the error text names the stage and reason only,
 * never header values.
 */
export async function probeUpstream(target: UpstreamTarget): Promise<ProbeResult> {
  const op = startOperation(target, PROBE_TIMEOUT_MS);
  let stage: DiscoveryStage = 'connect';
  let connection: UpstreamConnection | undefined;
  try {
    connection = await connectUpstream(target, op);
    stage = 'ping';
    if (connection.era !== 'stateless-2026-07-28')
      await pingTolerantly(connection, { timeout: op.remainingMs(), signal: op.signal });
    return { ok: true, era: connection.era, latencyMs: elapsedMs(op) };
  } catch (error) {
    const failure = toUpstreamError(error, stage, op);
    return { ok: false, latencyMs: elapsedMs(op), error: describe(failure) };
  } finally {
    await connection?.close();
    op.dispose();
  }
}

async function pingTolerantly(
  connection: UpstreamConnection,
  options: { timeout: number; signal: AbortSignal },
): Promise<void> {
  try {
    await untilAborted(connection.client.ping(options), options.signal);
  } catch (error) {
    // A server that answers "no such method" is alive and speaking MCP; that is what we probe.
    if (error instanceof ProtocolError && error.code === ProtocolErrorCode.MethodNotFound) return;
    throw error;
  }
}

function describe(error: unknown): string {
  if (!isAppError(error)) return 'failed';
  const { stage, reason, status } = error.details ?? {};
  if (error.code !== 'UPSTREAM_FAILED') return error.code;
  return [stage, reason, status].filter((part) => part !== undefined).join(': ');
}

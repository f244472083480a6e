import { connectUpstream, type UpstreamConnection } from './connect-upstream.js';
import { startOperation } from './operation.js';
import { toUpstreamError } from './upstream-failure.js';
import type { EraDetection, UpstreamTarget } from './types.js';

/**
 * Which era the upstream speaks, from one handshake. The answer is stable for a deployed
 * server, so callers may cache it (and re-detect after a failure).
 */
export async function detectEra(target: UpstreamTarget): Promise<EraDetection> {
  const op = startOperation(target);
  let connection: UpstreamConnection | undefined;
  try {
    connection = await connectUpstream(target, op);
    return { era: connection.era, protocolVersion: connection.protocolVersion };
  } catch (error) {
    throw toUpstreamError(error, 'connect', op);
  } finally {
    await connection?.close();
    op.dispose();
  }
}

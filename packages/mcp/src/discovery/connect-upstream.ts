import {
  Client,
  SSEClientTransport,
  StreamableHTTPClientTransport,
  type Transport,
} from '@modelcontextprotocol/client';
import { eraFor } from './era.js';
import { untilAborted, type Operation } from './operation.js';
import type { McpEra, UpstreamTarget } from './types.js';

const CLIENT_INFO = { name: 'mcp-gateway-registry', version: '0.1.0' };
/** Statuses with which a pre-2025-03-26 server refuses a POST to its SSE endpoint. */
const LEGACY_FALLBACK_STATUSES = new Set([400, 404, 405]);

export interface UpstreamConnection {
  client: Client;
  era: McpEra;
  protocolVersion: string;
  /** Ends the session: DELETE for session revisions, closing the stream for HTTP+SSE. */
  close(): Promise<void>;
}

/**
 * Negotiates the newest era the upstream speaks: the SDK probes `server/discover`
 * (2026-07-28) and falls back to `initialize`, which picks the newest 2025 revision both sides
 * support; in `auto` mode a 4xx on the POST sends us to the 2024-11-05 HTTP+SSE transport.
 */
export async function connectUpstream(
  target: UpstreamTarget,
  op: Operation,
): Promise<UpstreamConnection> {
  const mode = target.transport ?? 'auto';
  if (mode === 'sse') return connectWith('sse', target, op);
  try {
    return await connectWith('streamable-http', target, op);
  } catch (error) {
    const status = op.http.observed.lastStatus;
    if (
      mode === 'streamable-http' ||
      status === undefined ||
      !LEGACY_FALLBACK_STATUSES.has(status)
    ) {
      throw error;
    }
    op.http.observed.lastStatus = undefined;
    return connectWith('sse', target, op);
  }
}

async function connectWith(
  kind: 'streamable-http' | 'sse',
  target: UpstreamTarget,
  op: Operation,
): Promise<UpstreamConnection> {
  const url = new URL(target.url);
  const options = { fetch: op.http.fetch, requestInit: { headers: { ...target.headers } } };
  const transport: Transport =
    kind === 'sse'
      ? new SSEClientTransport(url, options)
      : new StreamableHTTPClientTransport(url, options);
  const client = new Client(CLIENT_INFO, { versionNegotiation: { mode: 'auto' } });
  // The SDK reports stray transport errors here; the failing request rejects on its own.
  client.onerror = () => undefined;
  try {
    await untilAborted(
      client.connect(transport, { timeout: op.remainingMs(), signal: op.signal }),
      op.signal,
    );
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  const protocolVersion = client.getNegotiatedProtocolVersion() ?? 'unknown';
  return {
    client,
    era: eraFor(kind, protocolVersion),
    protocolVersion,
    close: () => closeConnection(client, transport, op),
  };
}

async function closeConnection(client: Client, transport: Transport, op: Operation): Promise<void> {
  op.beginCleanup();
  if (transport instanceof StreamableHTTPClientTransport && transport.sessionId !== undefined) {
    // A server may answer 405 (it does not let clients end sessions); that is not our failure.
    await transport.terminateSession().catch(() => undefined);
  }
  await client.close().catch(() => undefined);
}

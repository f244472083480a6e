import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { createSignalScopedFetch } from './signal-scoped-fetch.js';
import { detectEra, openUpstreamSession } from '@mcpgw/mcp';
import {
  UpstreamFailure,
  type UpstreamPort,
  type UpstreamRequest,
  type UpstreamResponse,
} from '../../domain/routing/upstream-port.js';
import { createSessionCache, type SessionLease } from './session-cache.js';
import { failureOf, statelessCall, type CallLimits } from './stateless-call.js';

export interface UpstreamPoolOptions extends CallLimits {
  /** SSRF-guarded keep-alive pool (`createGuardedDispatcher`). */
  dispatcher: Dispatcher;
  /** Open upstream sessions at most (default 1000); idle ones are closed first. */
  maxSessions?: number;
  /** Upstream sessions unused this long are closed (default 5 min). */
  sessionIdleMs?: number;
}

type Era = 'stateless' | 'session';
type SessionTransport = 'streamable-http' | 'sse';

const DEFAULT_MAX_SESSIONS = 1_000;
const DEFAULT_SESSION_IDLE_MS = 5 * 60_000;

/**
 * The gateway's outbound side. Per upstream URL the era is detected once and cached; stateless
 * upstreams get raw pooled JSON-RPC, session upstreams (2025 Streamable HTTP, 2024-11-05
 * HTTP+SSE) one shared SDK session per URL and credential set, re-opened when the upstream
 * forgets it.
 */
export function createUpstreamPool(
  options: UpstreamPoolOptions,
): UpstreamPort & { close(): Promise<void>; readonly sessionCount: number } {
  const eras = new Map<string, Promise<Era>>();
  const fetchVia = createSignalScopedFetch(options.dispatcher);
  const sessions = createSessionCache({
    maxSessions: options.maxSessions ?? DEFAULT_MAX_SESSIONS,
    idleMs: options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS,
  });

  const eraOf = (req: UpstreamRequest): Promise<Era> => {
    const cached = eras.get(req.route.url);
    if (cached !== undefined) return cached;
    const target = {
      url: req.route.url,
      headers: req.headers,
      timeoutMs: options.timeoutMs,
      fetch: fetchVia,
      transport: 'streamable-http' as const,
    };
    const detected = detectEra(target).then((d): Era =>
      d.era.startsWith('stateless') ? 'stateless' : 'session',
    );
    eras.set(req.route.url, detected);
    // A failed detection is retried on the next call rather than cached as an outage.
    detected.catch(() => eras.delete(req.route.url));
    return detected;
  };
  const acquire = (req: UpstreamRequest, transport: SessionTransport): Promise<SessionLease> =>
    sessions.acquire(sessionKey(req, transport), (onClosed) =>
      openUpstreamSession({
        url: req.route.url,
        transport,
        headers: req.headers,
        fetch: fetchVia,
        timeoutMs: options.timeoutMs,
        onClosed,
      }),
    );
  const viaSession = async (
    req: UpstreamRequest,
    transport: SessionTransport,
    retried = false,
  ): Promise<UpstreamResponse> => {
    const lease = await acquire(req, transport);
    try {
      const call = {
        headers: { traceparent: req.traceparent },
        signal: req.signal,
        timeoutMs: options.timeoutMs,
        ...(req.onProgress === undefined ? {} : { onProgress: req.onProgress }),
      };
      const result = await lease.session.request(req.method, req.params, call);
      lease.release();
      return { kind: 'result', status: 200, result };
    } catch (error) {
      const mapped = mapSessionError(error, req.signal);
      if (mapped.kind === 'error') {
        lease.release();
        return mapped;
      }
      if (mapped.failure.reason === 'unavailable' && !retried) {
        // Most often the upstream dropped our session (404): open a new one once.
        lease.discard();
        return viaSession(req, transport, true);
      }
      lease.release();
      throw mapped.failure;
    }
  };

  return {
    async forward(req) {
      if (req.route.transport === 'sse') {
        return viaSession(req, 'sse').catch((error: unknown) => {
          throw failureOf(error, req.signal);
        });
      }
      const era = await eraOf(req).catch((error: unknown) => {
        throw failureOf(error, req.signal);
      });
      return era === 'stateless'
        ? statelessCall(options.dispatcher, req, options)
        : viaSession(req, 'streamable-http');
    },
    get sessionCount() {
      return sessions.size;
    },
    close: () => sessions.closeAll(),
  };
}

/**
 * One session per upstream and credential set: the headers (static credentials, or the
 * exchanged on-behalf-of token) are part of the key, so two users never share a session.
 */
function sessionKey(req: UpstreamRequest, transport: SessionTransport): string {
  const digest = createHash('sha256').update(JSON.stringify(req.headers)).digest('base64url');
  return `${transport} ${req.route.url} ${digest}`;
}

function mapSessionError(
  error: unknown,
  signal: AbortSignal,
):
  | { kind: 'error'; status: number; code: number; message: string }
  | { kind: 'failure'; failure: UpstreamFailure } {
  const { code, message, name } = (error ?? {}) as {
    code?: unknown;
    message?: unknown;
    name?: string;
  };
  const text = `${name ?? ''} ${String(message ?? '')}`;
  if (/\b401\b|unauthori[sz]ed/i.test(text))
    return { kind: 'failure', failure: new UpstreamFailure('unauthorized', 401) };
  if (/timed? ?out|timeout/i.test(text) || signal.aborted)
    return { kind: 'failure', failure: new UpstreamFailure('timeout') };
  if (name === 'ProtocolError' && typeof code === 'number')
    return {
      kind: 'error',
      status: 200,
      code,
      message: typeof message === 'string' ? message : 'Upstream error',
    };
  return { kind: 'failure', failure: new UpstreamFailure('unavailable') };
}

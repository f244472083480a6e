import { createHash } from 'node:crypto';
import { fetch as undiciFetch, type Dispatcher } from 'undici';
import { detectEra, openUpstreamSession, type UpstreamSession } from '@mcpgw/mcp';
import {
  UpstreamFailure,
  type UpstreamPort,
  type UpstreamRequest,
  type UpstreamResponse,
} from '../../domain/routing/upstream-port.js';
import { failureOf, statelessCall, type CallLimits } from './stateless-call.js';

export interface UpstreamPoolOptions extends CallLimits {
  /** SSRF-guarded keep-alive pool (`createGuardedDispatcher`). */
  dispatcher: Dispatcher;
}

type Era = 'stateless' | 'session';

/**
 * The gateway's outbound side. Per upstream URL the era is detected once and cached; stateless
 * upstreams get raw pooled JSON-RPC, session upstreams one shared SDK session per URL and
 * credential set, re-initialized when the upstream forgets it.
 */
export function createUpstreamPool(
  options: UpstreamPoolOptions,
): UpstreamPort & { close(): Promise<void> } {
  const eras = new Map<string, Promise<Era>>();
  const sessions = new Map<string, Promise<UpstreamSession>>();
  const fetchVia = ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, {
      ...(init as object),
      dispatcher: options.dispatcher,
    })) as unknown as typeof fetch;

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
  const sessionFor = (req: UpstreamRequest, key: string): Promise<UpstreamSession> => {
    const existing = sessions.get(key);
    if (existing !== undefined) return existing;
    const opened = openUpstreamSession({
      url: req.route.url,
      headers: req.headers,
      fetch: fetchVia,
      timeoutMs: options.timeoutMs,
    });
    sessions.set(key, opened);
    opened.catch(() => sessions.delete(key));
    return opened;
  };
  const viaSession = async (req: UpstreamRequest, retried = false): Promise<UpstreamResponse> => {
    const key = sessionKey(req);
    const session = await sessionFor(req, key);
    try {
      const call = {
        headers: { traceparent: req.traceparent },
        signal: req.signal,
        timeoutMs: options.timeoutMs,
      };
      return {
        kind: 'result',
        status: 200,
        result: await session.request(req.method, req.params, call),
      };
    } catch (error) {
      const mapped = mapSessionError(error, req.signal);
      if (mapped.kind === 'error') return mapped;
      if (mapped.failure.reason === 'unavailable' && !retried) {
        // Most often the upstream dropped our session (404): open a new one once.
        sessions.delete(key);
        void session.close();
        return viaSession(req, true);
      }
      throw mapped.failure;
    }
  };

  return {
    async forward(req) {
      if (req.route.transport === 'sse') throw new UpstreamFailure('unavailable');
      const era = await eraOf(req).catch((error: unknown) => {
        throw failureOf(error, req.signal);
      });
      return era === 'stateless'
        ? statelessCall(options.dispatcher, req, options)
        : viaSession(req);
    },
    async close() {
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.all(
        open.map((s) => s.then((session) => session.close()).catch(() => undefined)),
      );
    },
  };
}

function sessionKey(req: UpstreamRequest): string {
  const digest = createHash('sha256').update(JSON.stringify(req.headers)).digest('base64url');
  return `${req.route.url} ${digest}`;
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

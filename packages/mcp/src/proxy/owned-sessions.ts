import { randomUUID } from 'node:crypto';
import {
  WebStandardStreamableHTTPServerTransport,
  type Server,
} from '@modelcontextprotocol/server';
import { tapRelatedNotifications } from './related-notifications.js';

export interface OwnedSessionLimits {
  /** Open sessions per owner at most (one principal on one route). */
  maxSessionsPerOwner: number;
  /** Open sessions in total at most. */
  maxSessions: number;
  /** A session without a request for this long is closed; its client initializes again. */
  idleTimeoutMs: number;
}

export type SessionOutcome = 'ok' | 'session_not_found' | 'session_foreign' | 'too_many_sessions';

export type SessionLookup =
  | { outcome: 'ok'; protocolVersion?: string }
  | { outcome: 'session_not_found' | 'session_foreign' };

interface Session {
  transport: WebStandardStreamableHTTPServerTransport;
  server: Server;
  owner: string;
  lastSeen: number;
}

/**
 * 2025-era sessions, each bound to the owner that opened it. A session id is never
 * authentication: presented by another owner it is answered exactly like an unknown id.
 */
export function createOwnedSessions(
  buildServer: () => Server,
  limits: OwnedSessionLimits,
  now: () => number = Date.now,
) {
  const sessions = new Map<string, Session>();
  let opening = 0;
  const ownedBy = (owner: string): number => {
    let count = 0;
    for (const session of sessions.values()) if (session.owner === owner) count += 1;
    return count;
  };
  const end = async (id: string, session: Session): Promise<void> => {
    sessions.delete(id);
    await session.server.close().catch(() => undefined);
  };
  const reapIdle = async (): Promise<number> => {
    const idle = [...sessions].filter(([, s]) => now() - s.lastSeen > limits.idleTimeoutMs);
    await Promise.all(idle.map(([id, session]) => end(id, session)));
    return idle.length;
  };
  const full = (owner: string): boolean =>
    sessions.size + opening >= limits.maxSessions || ownedBy(owner) >= limits.maxSessionsPerOwner;

  const open = async (owner: string, run: (s: Session) => Promise<Response>) => {
    if (full(owner)) await reapIdle();
    if (full(owner)) return { outcome: 'too_many_sessions' as const, response: tooMany() };
    opening += 1;
    try {
      const session = await connect(buildServer, owner, now(), sessions);
      const response = await run(session);
      // Anything but a successful initialize leaves no session behind.
      if (session.transport.sessionId === undefined) await session.server.close();
      return { outcome: 'ok' as const, response };
    } finally {
      opening -= 1;
    }
  };

  return {
    async handle(
      request: Request,
      owner: string,
      run: (transport: WebStandardStreamableHTTPServerTransport) => Promise<Response>,
    ): Promise<{ outcome: SessionOutcome; response: Response }> {
      const id = request.headers.get('mcp-session-id');
      if (id === null) return open(owner, (s) => run(s.transport));
      const session = sessions.get(id);
      if (!session) return { outcome: 'session_not_found', response: notFound() };
      if (session.owner !== owner) return { outcome: 'session_foreign', response: notFound() };
      session.lastSeen = now();
      return { outcome: 'ok', response: await run(session.transport) };
    },
    reapIdle,
    /**
     * What the session `id` is to `owner`: theirs (with the revision it negotiated at
     * initialize, once initialized), someone else's, or unknown.
     */
    lookup(id: string, owner: string): SessionLookup {
      const session = sessions.get(id);
      if (session === undefined) return { outcome: 'session_not_found' };
      if (session.owner !== owner) return { outcome: 'session_foreign' };
      const protocolVersion = session.server.getNegotiatedProtocolVersion();
      return { outcome: 'ok', ...(protocolVersion === undefined ? {} : { protocolVersion }) };
    },
    /**
     * `notifications/tools/list_changed` to every open session. It travels on the session's
     * standalone GET stream; a session without one misses it and sees the change on its next
     * tools/list. One failing session never stops the others.
     */
    async broadcastToolsListChanged(): Promise<number> {
      const open = [...sessions.values()];
      const sent = await Promise.all(
        open.map((s) =>
          s.server.sendToolListChanged().then(
            () => true,
            () => false,
          ),
        ),
      );
      return sent.filter(Boolean).length;
    },
    get size(): number {
      return sessions.size;
    },
    async close(): Promise<void> {
      await Promise.all([...sessions].map(([id, session]) => end(id, session)));
    },
  };
}

export type OwnedSessions = ReturnType<typeof createOwnedSessions>;

async function connect(
  buildServer: () => Server,
  owner: string,
  lastSeen: number,
  sessions: Map<string, Session>,
): Promise<Session> {
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    enableJsonResponse: true,
    onsessioninitialized: (id) => void sessions.set(id, session),
    onsessionclosed: (id) => void sessions.delete(id),
  });
  // JSON answers, except for a request that asked for progress (see answerWithNotifications).
  tapRelatedNotifications(transport);
  const server = buildServer();
  const session: Session = { transport, server, owner, lastSeen };
  await server.connect(transport);
  return session;
}

function jsonRpcError(status: number, code: number, message: string, headers = {}): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message } }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** 404 tells a 2025 client to initialize a new session; a foreign id gets the same bytes. */
export function notFound(): Response {
  return jsonRpcError(404, -32001, 'Session not found');
}

function tooMany(): Response {
  return jsonRpcError(503, -32000, 'Too many open sessions; try again later', {
    'retry-after': '5',
  });
}

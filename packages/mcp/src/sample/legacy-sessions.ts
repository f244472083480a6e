import { randomUUID } from 'node:crypto';
import {
  WebStandardStreamableHTTPServerTransport,
  type McpServer,
} from '@modelcontextprotocol/server';

export interface SessionLimits {
  /** Open sessions at most; a new one beyond this is refused with 503 after reaping idle ones. */
  maxSessions: number;
  /** A session without a request for this long is closed; its client must initialize again. */
  idleTimeoutMs: number;
}

/** The 2025 session revisions: one server object and transport per `Mcp-Session-Id`. */
export interface LegacySessions {
  handle(request: Request): Promise<Response>;
  /** Closes sessions idle past the limit; resolves to how many it closed. */
  reapIdle(): Promise<number>;
  readonly size: number;
  close(): Promise<void>;
}

interface Session {
  transport: WebStandardStreamableHTTPServerTransport;
  server: McpServer;
  lastSeen: number;
}

/**
 * Sessions are bounded so a client that opens them in a loop cannot grow memory without end,
 * and reaped when idle because 2025-era clients often vanish without the DELETE.
 */
export function createLegacySessions(
  buildServer: () => McpServer,
  limits: SessionLimits,
  now: () => number = Date.now,
): LegacySessions {
  const sessions = new Map<string, Session>();
  // Sessions being set up count against the bound too, or a burst of initializes overshoots it.
  let opening = 0;

  const end = async (id: string, session: Session): Promise<void> => {
    sessions.delete(id);
    await session.server.close().catch(() => undefined);
  };
  const reapIdle = async (): Promise<number> => {
    const idle = [...sessions].filter(([, s]) => now() - s.lastSeen > limits.idleTimeoutMs);
    await Promise.all(idle.map(([id, session]) => end(id, session)));
    return idle.length;
  };
  const open = async (request: Request): Promise<Response> => {
    if (sessions.size + opening >= limits.maxSessions) await reapIdle();
    if (sessions.size + opening >= limits.maxSessions) return tooManySessions();
    opening += 1;
    try {
      const session = await connectSession(buildServer, now, sessions);
      const response = await session.transport.handleRequest(request);
      // Anything but a successful initialize leaves no session behind.
      if (session.transport.sessionId === undefined) await session.server.close();
      return response;
    } finally {
      opening -= 1;
    }
  };

  return {
    handle: async (request) => {
      const id = request.headers.get('mcp-session-id');
      if (id === null) return open(request);
      const session = sessions.get(id);
      if (!session) return sessionNotFound();
      session.lastSeen = now();
      return session.transport.handleRequest(request);
    },
    reapIdle,
    get size() {
      return sessions.size;
    },
    close: async () => {
      await Promise.all([...sessions].map(([id, session]) => end(id, session)));
    },
  };
}

async function connectSession(
  buildServer: () => McpServer,
  now: () => number,
  sessions: Map<string, Session>,
): Promise<Session> {
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    enableJsonResponse: true,
    onsessioninitialized: (id) => void sessions.set(id, session),
    onsessionclosed: (id) => void sessions.delete(id),
  });
  const server = buildServer();
  const session: Session = { transport, server, lastSeen: now() };
  await server.connect(transport);
  return session;
}

function jsonRpcError(status: number, code: number, message: string, headers = {}): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message } }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** 404 is what the spec tells a 2025 client to answer by initializing a new session. */
function sessionNotFound(): Response {
  return jsonRpcError(404, -32001, 'Session not found');
}

function tooManySessions(): Response {
  return jsonRpcError(503, -32000, 'Too many open sessions; try again later', {
    'retry-after': '5',
  });
}

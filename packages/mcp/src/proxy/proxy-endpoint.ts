import { createMcpHandler, isLegacyRequest, type AuthInfo } from '@modelcontextprotocol/server';
import { buildProxyServer, CONTEXT_KEY, type ProxyServerInfo } from './build-proxy-server.js';
import { answerWithNotifications, progressRequestId } from './related-notifications.js';
import {
  createOwnedSessions,
  notFound,
  type OwnedSessionLimits,
  type SessionLookup,
  type SessionOutcome,
} from './owned-sessions.js';
import type { ProxyHandlers } from './proxy-handlers.js';

export interface ProxyEndpointOptions extends OwnedSessionLimits {
  handlers: ProxyHandlers;
  serverInfo: ProxyServerInfo;
  /** The caller already capped the body; this only keeps the SDK's own bound in line. */
  maxBodyBytes: number;
  onError?: (error: Error) => void;
}

export interface ProxyRequestInput {
  /** Who may use a session opened by this request (principal and route). */
  owner: string;
  /** Handed to every handler call as `call.context`. */
  context: unknown;
  /** The body, already parsed and shape-checked by the caller (undefined for GET/DELETE). */
  parsedBody: unknown;
}

export interface ProxyEndpoint {
  handle(
    request: Request,
    input: ProxyRequestInput,
  ): Promise<{ response: Response; era: 'modern' | 'legacy'; outcome: SessionOutcome }>;
  reapIdle(): Promise<number>;
  /**
   * The 2025-era session this request names, as `owner` sees it (undefined: no session id).
   * `notFound` is the answer for an unknown or foreign one, the same bytes the endpoint sends.
   */
  lookupSession(request: Request, owner: string): SessionLookup | undefined;
  sessionNotFound(): Response;
  /**
   * `notifications/tools/list_changed` to every open 2025-era session (resolves to how many
   * were notified). 2026-07-28 agents hold no session: they re-list on their own schedule or
   * listen via `subscriptions/listen`.
   */
  broadcastToolsListChanged(): Promise<number>;
  readonly sessionCount: number;
  close(): Promise<void>;
}

/**
 * The agent-facing MCP endpoint for both eras: 2026-07-28 requests through the SDK's strict
 * per-request handler (a fresh server object each time), 2025 traffic through real sessions
 * bound to their owner. The SDK's own predicate routes, so routing never disagrees with it.
 */
export function createProxyEndpoint(options: ProxyEndpointOptions): ProxyEndpoint {
  const build = () => buildProxyServer(options.handlers, options.serverInfo);
  const modern = createMcpHandler(build, {
    legacy: 'reject',
    maxRequestBodySize: options.maxBodyBytes,
    ...(options.onError === undefined ? {} : { onerror: options.onError }),
  });
  const sessions = createOwnedSessions(build, options);
  const stopListening = options.handlers.onToolsListChanged?.(
    () => void sessions.broadcastToolsListChanged().catch(() => undefined),
  );
  return {
    handle: async (request, input) => {
      const authInfo = authInfoFor(input);
      const legacy = await isLegacyRequest(request, input.parsedBody, {
        maxRequestBodySize: options.maxBodyBytes,
      });
      if (!legacy) {
        const response = await modern.fetch(request, { authInfo, parsedBody: input.parsedBody });
        return { response, era: 'modern', outcome: 'ok' };
      }
      const progressId = progressRequestId(input.parsedBody);
      const result = await sessions.handle(request, input.owner, (transport) => {
        const handle = () =>
          transport.handleRequest(request, {
            authInfo,
            ...(input.parsedBody === undefined ? {} : { parsedBody: input.parsedBody }),
          });
        if (progressId === undefined) return handle();
        return answerWithNotifications(transport, progressId, request.signal, handle);
      });
      return { ...result, era: 'legacy' };
    },
    reapIdle: () => sessions.reapIdle(),
    lookupSession: (request, owner) => {
      const id = request.headers.get('mcp-session-id');
      return id === null ? undefined : sessions.lookup(id, owner);
    },
    sessionNotFound: notFound,
    broadcastToolsListChanged: () => sessions.broadcastToolsListChanged(),
    get sessionCount() {
      return sessions.size;
    },
    close: async () => {
      stopListening?.();
      await Promise.all([modern.close(), sessions.close()]);
    },
  };
}

/** The SDK's pass-through slot for per-request data; it never carries the agent's token. */
function authInfoFor(input: ProxyRequestInput): AuthInfo {
  return { token: '', clientId: input.owner, scopes: [], extra: { [CONTEXT_KEY]: input.context } };
}

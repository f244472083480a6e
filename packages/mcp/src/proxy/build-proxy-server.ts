import { ProtocolError, ProtocolErrorCode, Server } from '@modelcontextprotocol/server';
import type { ServerContext } from '@modelcontextprotocol/server';
import {
  isProxyRpcError,
  type JsonObject,
  type ProxyCall,
  type ProxyHandlers,
  type ProxyListPage,
} from './proxy-handlers.js';

export interface ProxyServerInfo {
  name: string;
  version: string;
}

/** Key under `authInfo.extra` carrying the caller's per-request context to the handlers. */
export const CONTEXT_KEY = 'com.mcpgw/context';

type Handler = (params: JsonObject, call: ProxyCall) => Promise<JsonObject>;
type Lister = (params: JsonObject, call: ProxyCall) => Promise<ProxyListPage>;

/**
 * A fresh low-level SDK server whose handlers delegate to the gateway. Low-level (not McpServer)
 * because the gateway serves pinned definitions byte-for-byte and answers results it did not
 * build itself.
 */
export function buildProxyServer(handlers: ProxyHandlers, info: ProxyServerInfo): Server {
  const server = new Server(info, {
    // logging: accepted per session (see setLoggingLevel); subscribe: per-resource updates.
    capabilities: {
      tools: { listChanged: true },
      resources: { subscribe: true },
      prompts: {},
      completions: {},
      logging: {},
    },
  });
  // Replaces the SDK's built-in logging handler (registered because `logging` is declared) so
  // the request is authorized and audited like every other one.
  server.setRequestHandler('logging/setLevel', async (request, ctx) => {
    await serve(ctx, (call) => handlers.setLoggingLevel(paramsOf(request), call));
    return {};
  });
  server.setRequestHandler('resources/subscribe', async (request, ctx) => {
    await serve(ctx, (call) => handlers.subscribeResource(paramsOf(request), call));
    return {};
  });
  server.setRequestHandler('resources/unsubscribe', async (request, ctx) => {
    await serve(ctx, (call) => handlers.unsubscribeResource(paramsOf(request), call));
    return {};
  });
  const forward = (handler: Handler) => async (request: { params?: unknown }, ctx: ServerContext) =>
    (await serve(ctx, (call) => handler(paramsOf(request), call))) as never;
  const list =
    (key: string, lister: Lister) => async (request: { params?: unknown }, ctx: ServerContext) => {
      const page = await serve(ctx, (call) => lister(paramsOf(request), call));
      const next = page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor };
      return { [key]: page.items, ...next } as never;
    };
  server.setRequestHandler('tools/list', list('tools', handlers.listTools));
  server.setRequestHandler('tools/call', forward(handlers.callTool));
  server.setRequestHandler('resources/list', list('resources', handlers.listResources));
  server.setRequestHandler(
    'resources/templates/list',
    list('resourceTemplates', handlers.listResourceTemplates),
  );
  server.setRequestHandler('resources/read', forward(handlers.readResource));
  server.setRequestHandler('prompts/list', list('prompts', handlers.listPrompts));
  server.setRequestHandler('prompts/get', forward(handlers.getPrompt));
  server.setRequestHandler('completion/complete', forward(handlers.complete));
  return server;
}

function paramsOf(request: { params?: unknown }): JsonObject {
  const params = request.params;
  return typeof params === 'object' && params !== null ? (params as JsonObject) : {};
}

/**
 * Runs one handler with the call's context; gateway errors become protocol errors and
 * everything unexpected hides behind one message. Progress is relayed only while it runs.
 */
async function serve<T>(ctx: ServerContext, run: (call: ProxyCall) => Promise<T>): Promise<T> {
  const extra = ctx.http?.authInfo?.extra;
  const relay = progressRelay(ctx);
  const call: ProxyCall = {
    context: extra?.[CONTEXT_KEY],
    signal: ctx.mcpReq.signal,
    ...(relay === undefined ? {} : { progress: relay.send }),
  };
  try {
    return await run(call);
  } catch (error) {
    if (isProxyRpcError(error)) throw new ProtocolError(error.code, error.message, error.data);
    throw new ProtocolError(ProtocolErrorCode.InternalError, 'Internal error');
  } finally {
    relay?.close();
  }
}

/** `notifications/progress` under the agent's own token, on the request's own stream. */
function progressRelay(ctx: ServerContext) {
  const token = ctx.mcpReq._meta?.['progressToken'];
  if (typeof token !== 'string' && typeof token !== 'number') return undefined;
  let open = true;
  return {
    send: (update: { progress: number; total?: number; message?: string }): void => {
      if (!open || ctx.mcpReq.signal.aborted) return;
      const params = { progressToken: token, ...update };
      void ctx.mcpReq.notify({ method: 'notifications/progress', params }).catch(() => undefined);
    },
    close: (): void => {
      open = false;
    },
  };
}

import { ProtocolError, ProtocolErrorCode, Server } from '@modelcontextprotocol/server';
import type { ServerContext } from '@modelcontextprotocol/server';
import {
  isProxyRpcError,
  type JsonObject,
  type ProxyCall,
  type ProxyHandlers,
} from './proxy-handlers.js';

export interface ProxyServerInfo {
  name: string;
  version: string;
}

/** Key under `authInfo.extra` carrying the caller's per-request context to the handlers. */
export const CONTEXT_KEY = 'com.mcpgw/context';

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
      logging: {},
    },
  });
  // Replaces the SDK's built-in logging handler (registered because `logging` is declared) so
  // the request is authorized and audited like every other one.
  server.setRequestHandler('logging/setLevel', async (request, ctx) => {
    await guarded(() => handlers.setLoggingLevel(request.params as JsonObject, callOf(ctx)));
    return {};
  });
  server.setRequestHandler('resources/subscribe', async (request, ctx) => {
    await guarded(() => handlers.subscribeResource(request.params as JsonObject, callOf(ctx)));
    return {};
  });
  server.setRequestHandler('resources/unsubscribe', async (request, ctx) => {
    await guarded(() => handlers.unsubscribeResource(request.params as JsonObject, callOf(ctx)));
    return {};
  });
  server.setRequestHandler('tools/list', async (_request, ctx) => ({
    tools: (await guarded(() => handlers.listTools(callOf(ctx)))) as never[],
  }));
  server.setRequestHandler(
    'tools/call',
    async (request, ctx) =>
      guarded(() => handlers.callTool(request.params as JsonObject, callOf(ctx))) as never,
  );
  server.setRequestHandler('resources/list', async (_request, ctx) => ({
    resources: (await guarded(() => handlers.listResources(callOf(ctx)))) as never[],
  }));
  server.setRequestHandler('resources/templates/list', async (_request, ctx) => ({
    resourceTemplates: (await guarded(() =>
      handlers.listResourceTemplates(callOf(ctx)),
    )) as never[],
  }));
  server.setRequestHandler(
    'resources/read',
    async (request, ctx) =>
      guarded(() => handlers.readResource(request.params as JsonObject, callOf(ctx))) as never,
  );
  server.setRequestHandler('prompts/list', async (_request, ctx) => ({
    prompts: (await guarded(() => handlers.listPrompts(callOf(ctx)))) as never[],
  }));
  server.setRequestHandler(
    'prompts/get',
    async (request, ctx) =>
      guarded(() => handlers.getPrompt(request.params as JsonObject, callOf(ctx))) as never,
  );
  return server;
}

function callOf(ctx: ServerContext): ProxyCall {
  const extra = ctx.http?.authInfo?.extra;
  return { context: extra?.[CONTEXT_KEY], signal: ctx.mcpReq.signal };
}

/** Maps gateway errors onto protocol errors; hides everything unexpected behind one message. */
async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isProxyRpcError(error)) throw new ProtocolError(error.code, error.message, error.data);
    throw new ProtocolError(ProtocolErrorCode.InternalError, 'Internal error');
  }
}

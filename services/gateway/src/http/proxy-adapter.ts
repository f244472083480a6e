import { ProxyRpcError, type ProxyCall, type ProxyHandlers } from '@mcpgw/mcp';
import { GatewayRpcError } from '../domain/mcp/gateway-rpc-error.js';
import type { GatewayOperations } from '../domain/mcp/gateway-operations.js';
import type { RequestScope } from '../domain/mcp/request-scope.js';

/** Adapts the domain operations to the SDK-facing proxy; the call context is the RequestScope. */
export function toProxyHandlers(ops: GatewayOperations): ProxyHandlers {
  const scopeOf = (call: ProxyCall) => call.context as RequestScope;
  const run = async <T>(
    call: ProxyCall,
    fn: (scope: RequestScope) => T | Promise<T>,
  ): Promise<T> => {
    const scope = scopeOf(call);
    try {
      return await fn(scope);
    } catch (error) {
      if (error instanceof GatewayRpcError) {
        scope.record.errorCode = error.code;
        scope.record.outcome ??= 'failure';
        throw new ProxyRpcError(error.code, error.message, error.data);
      }
      scope.record.outcome = 'failure';
      throw error;
    }
  };
  return {
    listTools: (params, call) => run(call, (s) => ops.listTools(s, params)),
    callTool: (params, call) =>
      run(call, (s) => ops.callTool(s, params, call.signal, call.progress)),
    listResources: (params, call) => run(call, (s) => ops.listResources(s, params)),
    listResourceTemplates: (params, call) => run(call, (s) => ops.listResourceTemplates(s, params)),
    readResource: (params, call) =>
      run(call, (s) => ops.readResource(s, params, call.signal, call.progress)),
    listPrompts: (params, call) => run(call, (s) => ops.listPrompts(s, params)),
    getPrompt: (params, call) =>
      run(call, (s) => ops.getPrompt(s, params, call.signal, call.progress)),
    complete: (params, call) => run(call, (s) => ops.complete(s, params, call.signal)),
    setLoggingLevel: (params, call) => run(call, (s) => ops.setLoggingLevel(s, params)),
    subscribeResource: (params, call) =>
      run(call, (s) => ops.subscribeResource(s, params, call.signal)),
    unsubscribeResource: (params, call) =>
      run(call, (s) => ops.unsubscribeResource(s, params, call.signal)),
    onToolsListChanged: (listener) => ops.onToolsListChanged(listener),
  };
}

export {
  ProxyRpcError,
  isProxyRpcError,
  type JsonObject,
  type ProxyCall,
  type ProxyHandlers,
  type ProxyListPage,
  type ProxyProgress,
} from './proxy-handlers.js';
export { buildProxyServer, type ProxyServerInfo } from './build-proxy-server.js';
export type { OwnedSessionLimits, SessionLookup, SessionOutcome } from './owned-sessions.js';
export {
  createProxyEndpoint,
  type ProxyEndpoint,
  type ProxyEndpointOptions,
  type ProxyRequestInput,
} from './proxy-endpoint.js';
export {
  openUpstreamSession,
  type ForwardedMethod,
  type UpstreamCallOptions,
  type UpstreamSession,
  type UpstreamProgress,
  type UpstreamSessionOptions,
} from './upstream-session.js';
export { sendWebResponse, toWebRequest } from '../fixtures/node-web-bridge.js';

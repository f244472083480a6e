/**
 * What the gateway plugs into the SDK-facing proxy: plain functions over plain JSON. The SDK
 * never leaks past this file's types, so the gateway's domain stays free of it.
 */
export interface ProxyCall {
  /** Whatever the caller attached to this HTTP request (the gateway's request scope). */
  context: unknown;
  /** Aborted when the agent goes away or the request is torn down. */
  signal: AbortSignal;
}

export type JsonObject = Record<string, unknown>;

export interface ProxyHandlers {
  listTools(call: ProxyCall): Promise<JsonObject[]>;
  callTool(params: JsonObject, call: ProxyCall): Promise<JsonObject>;
  listResources(call: ProxyCall): Promise<JsonObject[]>;
  listResourceTemplates(call: ProxyCall): Promise<JsonObject[]>;
  readResource(params: JsonObject, call: ProxyCall): Promise<JsonObject>;
  listPrompts(call: ProxyCall): Promise<JsonObject[]>;
  getPrompt(params: JsonObject, call: ProxyCall): Promise<JsonObject>;
  /** `logging/setLevel` (2025 revisions only; 2026-07-28 removed it). Answers `{}`. */
  setLoggingLevel(params: JsonObject, call: ProxyCall): Promise<void>;
  /** `resources/subscribe` (2025 revisions only; 2026-07-28 uses `subscriptions/listen`). */
  subscribeResource(params: JsonObject, call: ProxyCall): Promise<void>;
  unsubscribeResource(params: JsonObject, call: ProxyCall): Promise<void>;
  /**
   * Called once per endpoint: `listener` is to be invoked whenever the tools an agent may see
   * changed (drift withheld one, a new snapshot arrived). Returns the unsubscribe function.
   */
  onToolsListChanged?(listener: () => void): () => void;
}

/**
 * A JSON-RPC error the agent should see verbatim (code, message, data). Anything else a handler
 * throws becomes a generic internal error, so internal details never leak.
 */
export class ProxyRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'ProxyRpcError';
  }
}

export function isProxyRpcError(value: unknown): value is ProxyRpcError {
  return value instanceof ProxyRpcError;
}

/**
 * What the gateway plugs into the SDK-facing proxy: plain functions over plain JSON. The SDK
 * never leaks past this file's types, so the gateway's domain stays free of it.
 */
export interface ProxyCall {
  /** Whatever the caller attached to this HTTP request (the gateway's request scope). */
  context: unknown;
  /** Aborted when the agent goes away or the request is torn down. */
  signal: AbortSignal;
  /**
   * Present only when the agent's request carried `_meta.progressToken`: sends one
   * `notifications/progress` under that token, on the request's own stream. Calls made after the
   * request was answered are dropped.
   */
  progress?: (update: ProxyProgress) => void;
}

export type JsonObject = Record<string, unknown>;

export interface ProxyProgress {
  progress: number;
  total?: number;
  message?: string;
}

/** One page of a list; `nextCursor` only when more items follow. */
export interface ProxyListPage {
  items: readonly JsonObject[];
  nextCursor?: string;
}

/** List handlers get the request's params (for `cursor`); the rest get them as sent. */
export interface ProxyHandlers {
  listTools(params: JsonObject, call: ProxyCall): Promise<ProxyListPage>;
  callTool(params: JsonObject, call: ProxyCall): Promise<JsonObject>;
  listResources(params: JsonObject, call: ProxyCall): Promise<ProxyListPage>;
  listResourceTemplates(params: JsonObject, call: ProxyCall): Promise<ProxyListPage>;
  readResource(params: JsonObject, call: ProxyCall): Promise<JsonObject>;
  listPrompts(params: JsonObject, call: ProxyCall): Promise<ProxyListPage>;
  getPrompt(params: JsonObject, call: ProxyCall): Promise<JsonObject>;
  /** `completion/complete` for prompt arguments and resource template variables. */
  complete(params: JsonObject, call: ProxyCall): Promise<JsonObject>;
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

/**
 * A JSON-RPC error for the agent. Codes: -32602 unknown tool / invalid arguments (as the spec
 * and SDK servers answer them), and gateway codes in the implementation-defined range below.
 */
export class GatewayRpcError extends Error {
  /** Set only when the transport answer must differ from 200 (e.g. 429 with Retry-After). */
  readonly http: HttpReply | undefined;

  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
    http?: HttpReply,
  ) {
    super(message);
    this.name = 'GatewayRpcError';
    this.http = http;
  }
}

/** The HTTP status and headers a JSON-RPC error must travel with; header names lower case. */
export interface HttpReply {
  status: number;
  headers: Readonly<Record<string, string>>;
}

// Keyed by the request's audit record: the SDK path loses the error object between the handler
// and the HTTP response, so the status travels beside the request instead of through the SDK.
const httpReplies = new WeakMap<object, HttpReply>();

/** Remembers that this request's answer needs `error.http`; no-op for ordinary errors. */
export function rememberHttpReply(record: object, error: unknown): void {
  if (error instanceof GatewayRpcError && error.http !== undefined) {
    httpReplies.set(record, error.http);
  }
}

/** The HTTP status/headers a handler asked for while serving the request, if any. */
export function httpReplyOf(record: object): HttpReply | undefined {
  return httpReplies.get(record);
}

export function rateLimited(retryAfterSeconds: number, message = 'Rate limit exceeded') {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new GatewayRpcError(
    RPC.RATE_LIMITED,
    message,
    { retryAfterSeconds: seconds },
    { status: 429, headers: { 'retry-after': String(seconds) } },
  );
}

export const RPC = Object.freeze({
  INVALID_PARAMS: -32602,
  INTERNAL: -32603,
  DENIED: -32003,
  APPROVAL_REQUIRED: -32004,
  RATE_LIMITED: -32029,
  UPSTREAM_TIMEOUT: -32010,
  UPSTREAM_UNAVAILABLE: -32011,
  UPSTREAM_BAD_RESPONSE: -32012,
  CREDENTIALS_UNAVAILABLE: -32013,
  /** The upstream's circuit is open: the call was not sent. */
  UPSTREAM_CIRCUIT_OPEN: -32014,
  /** `structuredContent` does not match the pinned output schema; nothing of it is relayed. */
  UPSTREAM_OUTPUT_INVALID: -32015,
  APPROVAL_DENIED: -32005,
  APPROVAL_EXPIRED: -32006,
  /** The gateway stopped waiting (its own wait budget) before an approver decided. */
  APPROVAL_TIMEOUT: -32007,
  /** The approval could not be created or read (registry unreachable). */
  APPROVAL_UNAVAILABLE: -32008,
});

/** One message for "no such tool" and "a tool you may not see": existence must not leak. */
export function unknownTool(requestedName: string): GatewayRpcError {
  return new GatewayRpcError(RPC.INVALID_PARAMS, `Unknown tool: ${requestedName}`);
}

export function unknownPrompt(requestedName: string): GatewayRpcError {
  return new GatewayRpcError(RPC.INVALID_PARAMS, `Unknown prompt: ${requestedName}`);
}

export function unknownResource(): GatewayRpcError {
  return new GatewayRpcError(RPC.INVALID_PARAMS, 'Resource not found');
}

/**
 * A JSON-RPC error for the agent. Codes: -32602 unknown tool / invalid arguments (as the spec
 * and SDK servers answer them), and gateway codes in the implementation-defined range below.
 */
export class GatewayRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'GatewayRpcError';
  }
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

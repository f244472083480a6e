import type { UpstreamRoute } from '../serving/serving-types.js';

export type ForwardedMethod =
  'tools/call' | 'resources/read' | 'prompts/get' | 'completion/complete';

/** One `notifications/progress` from upstream, relayed to the agent under its own token. */
export interface ProgressUpdate {
  progress: number;
  total?: number;
  message?: string;
}

export interface UpstreamRequest {
  route: UpstreamRoute;
  method: ForwardedMethod;
  params: Record<string, unknown>;
  /** Injected backend credentials; never the agent's Authorization or cookies. */
  headers: Record<string, string>;
  traceparent: string;
  signal: AbortSignal;
  /**
   * Set when the agent asked for progress (`_meta.progressToken`): the pool sends its own token
   * upstream and calls this for every progress notification the upstream sends for the call.
   */
  onProgress?: (update: ProgressUpdate) => void;
}

export type UpstreamResponse =
  | { kind: 'result'; status: number; result: Record<string, unknown> }
  | { kind: 'error'; status: number; code: number; message: string };

export type UpstreamFailureReason =
  'timeout' | 'unavailable' | 'too_large' | 'bad_response' | 'unauthorized' | 'blocked';

/** Why an upstream call produced no JSON-RPC answer. Messages never carry secrets or URLs. */
export class UpstreamFailure extends Error {
  constructor(
    readonly reason: UpstreamFailureReason,
    readonly status?: number,
  ) {
    super(`upstream ${reason}`);
    this.name = 'UpstreamFailure';
  }
}

/** The outbound side: the gateway's domain forwards through this port only. */
export interface UpstreamPort {
  forward(request: UpstreamRequest): Promise<UpstreamResponse>;
}

import type {
  ApprovalPort,
  ApprovalRequest,
  ApprovalStatus,
} from '../domain/approvals/approval-port.js';
import type { TokenProvider } from './client-credentials-token-provider.js';
import { readBoundedBody } from './read-bounded-body.js';

export interface RegistryApprovalsOptions {
  readonly registryUrl: string;
  readonly tokenProvider: TokenProvider;
  /** Per registry request. Default 5 s. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

const MAX_BODY_BYTES = 256 * 1024;
const STATUSES = new Set<string>(['pending', 'approved', 'denied', 'expired']);

/**
 * The registry's internal approvals API (`POST /internal/v1/approvals`,
 * `GET /internal/v1/approvals/:id`) with the gateway's service token; a 401 refreshes the token
 * once. Errors name the HTTP status only, never the token or the arguments.
 */
export function createRegistryApprovals(options: RegistryApprovalsOptions): ApprovalPort {
  const doFetch = options.fetch ?? fetch;
  const base = options.registryUrl.replace(/\/+$/, '');
  const call = async (
    path: string,
    init: { method: string; body?: string },
    signal: AbortSignal | undefined,
  ): Promise<unknown> => {
    const send = async (refresh: boolean) => {
      const token = await options.tokenProvider({ refresh });
      const timeout = AbortSignal.timeout(options.timeoutMs ?? 5_000);
      return doFetch(`${base}${path}`, {
        method: init.method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: init.body }),
        signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
      });
    };
    let response = await send(false);
    if (response.status === 401) {
      await response.body?.cancel();
      response = await send(true);
    }
    const text = await readBoundedBody(response, MAX_BODY_BYTES);
    if (!response.ok) throw new Error(`registry approvals answered ${response.status}`);
    return JSON.parse(text) as unknown;
  };

  return {
    async create(request: ApprovalRequest, signal?: AbortSignal) {
      const body = JSON.stringify(request);
      const created = (await call('/internal/v1/approvals', { method: 'POST', body }, signal)) as {
        id?: unknown;
        expiresAt?: unknown;
      };
      if (typeof created?.id !== 'string' || typeof created.expiresAt !== 'string') {
        throw new Error('registry approvals answered an invalid body');
      }
      return { id: created.id, expiresAt: created.expiresAt };
    },
    async status(id: string, signal?: AbortSignal): Promise<ApprovalStatus> {
      const path = `/internal/v1/approvals/${encodeURIComponent(id)}`;
      const approval = (await call(path, { method: 'GET' }, signal)) as { status?: unknown };
      if (typeof approval?.status !== 'string' || !STATUSES.has(approval.status)) {
        throw new Error('registry approvals answered an invalid status');
      }
      return approval.status as ApprovalStatus;
    },
  };
}

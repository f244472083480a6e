import { setTimeout as sleep } from 'node:timers/promises';
import { appError, type AppError } from '@mcpgw/errors';
import type {
  IdentityProvisioning,
  IssuedAgentSecret,
} from '../domain/ports/identity-provisioning.js';
import type { ServiceTokenProvider } from './client-credentials-token.js';

export interface AuthProvisioningSettings {
  /** Base URL of the auth service; the admin routes live under `/auth/admin`. */
  readonly baseUrl: string;
  readonly tokens: ServiceTokenProvider;
  /** Per attempt. */
  readonly timeoutMs?: number;
  /** Extra attempts after a 5xx or a connection failure (not after a timeout or a 4xx). */
  readonly retries?: number;
  readonly retryDelayMs?: number;
  readonly fetch?: typeof fetch;
}

/** The auth service's limit on a Keycloak client description. */
const DESCRIPTION_MAX = 500;

/** Failures before any byte reached the auth service, or a reused socket it had closed. */
const CONNECT_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

type Attempt =
  | { readonly kind: 'answer'; readonly res: Response }
  | { readonly kind: 'retryable' | 'fatal'; readonly error: AppError };

function connectErrorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' && CONNECT_ERRORS.has(cause.code) ? cause.code : undefined;
}

/** `{secret: {clientSecret}}` or `{secret: {secretRef}}` from the auth service → the port's shape. */
function issuedSecret(body: unknown): IssuedAgentSecret | undefined {
  const secret = (body as { secret?: { clientSecret?: unknown; secretRef?: unknown } } | null)
    ?.secret;
  if (typeof secret?.clientSecret === 'string') return { secret: secret.clientSecret };
  if (typeof secret?.secretRef === 'string') return { secretRef: secret.secretRef };
  return undefined;
}

async function upstreamCode(res: Response): Promise<string | undefined> {
  const body = (await res.json().catch(() => undefined)) as
    { error?: { code?: unknown } } | undefined;
  return typeof body?.error?.code === 'string' ? body.error.code : undefined;
}

/**
 * The auth service's provisioning admin endpoints (`/auth/admin/...`), called with the
 * registry's own service token. Every call is idempotent except rotation, where a retry merely
 * rotates again and the last secret returned is the valid one. Errors are UPSTREAM_FAILED
 * naming the operation and status; bodies and secrets never go into them.
 */
export function createAuthProvisioningClient(
  settings: AuthProvisioningSettings,
): IdentityProvisioning {
  const base = settings.baseUrl.replace(/\/+$/, '');
  const doFetch = settings.fetch ?? fetch;
  const retries = settings.retries ?? 2;
  const retryDelayMs = settings.retryDelayMs ?? 200;

  async function attempt(method: string, path: string, body: unknown): Promise<Attempt> {
    const what = `${method} ${path}`;
    // A token endpoint failure is already an UPSTREAM_FAILED AppError; it is not retried here.
    const token = await settings.tokens.token();
    try {
      const res = await doFetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(settings.timeoutMs ?? 5_000),
      });
      if (res.status < 500) return { kind: 'answer', res };
      await res.body?.cancel();
      return {
        kind: 'retryable',
        error: appError('UPSTREAM_FAILED', `The auth service answered ${res.status} to ${what}.`),
      };
    } catch (error) {
      const code = connectErrorCode(error);
      const reason = code ?? (error as Error).name; // TimeoutError, AbortError…
      const failed = appError('UPSTREAM_FAILED', `The auth service failed on ${what} (${reason}).`);
      return { kind: code === undefined ? 'fatal' : 'retryable', error: failed };
    }
  }

  async function call(method: string, path: string, body?: unknown): Promise<Response> {
    let reauthenticated = false;
    for (let tries = 0; ; tries += 1) {
      const result = await attempt(method, path, body);
      if (result.kind === 'answer') {
        // A cached token the auth service no longer accepts (keys rotated, client re-created).
        if (result.res.status === 401 && !reauthenticated) {
          reauthenticated = true;
          settings.tokens.invalidate();
          await result.res.body?.cancel();
          tries -= 1;
          continue;
        }
        return result.res;
      }
      if (result.kind === 'fatal' || tries >= retries) throw result.error;
      await sleep(retryDelayMs * 2 ** tries);
    }
  }

  async function expectOk(res: Response, method: string, path: string): Promise<unknown> {
    if (res.ok) return res.json().catch(() => undefined);
    const code = await upstreamCode(res);
    throw appError(
      'UPSTREAM_FAILED',
      `The auth service answered ${res.status}${code ? ` ${code}` : ''} to ${method} ${path}.`,
      { details: { upstreamStatus: res.status, ...(code ? { upstreamCode: code } : {}) } },
    );
  }

  const agentPath = (id: string) => `/auth/admin/agents/${encodeURIComponent(id)}`;

  return {
    enabled: true,
    async syncAgent(agent) {
      const path = agentPath(agent.id);
      const res = await call('PUT', path, {
        // Keycloak's description is short; the registry's full description stays in the directory.
        description: agent.description.slice(0, DESCRIPTION_MAX),
        grantedScopes: [...agent.grantedScopes],
      });
      return issuedSecret(await expectOk(res, 'PUT', path));
    },
    async disableAgent(agentId) {
      const path = `${agentPath(agentId)}/disable`;
      const res = await call('POST', path);
      // A client that does not exist cannot get tokens: that is what disabling wants. Only the
      // auth service's NOT_FOUND counts, not a 404 for a route that is not mounted.
      if (res.status === 404 && (await upstreamCode(res.clone())) === 'NOT_FOUND') return;
      await expectOk(res, 'POST', path);
    },
    async rotateAgentSecret(agentId) {
      const path = `${agentPath(agentId)}/rotate-secret`;
      const issued = issuedSecret(await expectOk(await call('POST', path), 'POST', path));
      if (issued === undefined) {
        throw appError('UPSTREAM_FAILED', `The auth service answered ${path} without a secret.`);
      }
      return issued;
    },
    async syncScopes(scopes) {
      const path = '/auth/admin/scopes';
      const body = { scopes: scopes.map(({ id, description }) => ({ id, description })) };
      await expectOk(await call('PUT', path, body), 'PUT', path);
    },
  };
}

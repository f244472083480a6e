import type { SessionStore } from '../../src/sessions/session-store.js';

export const GATEWAY_AUDIENCE = 'http://127.0.0.1:7003/mcp';
/** The backend the gateway exchanges users' tokens for. */
export const BACKEND_AUDIENCE = 'crm-backend';

export interface ClientCredentials {
  readonly clientId: string;
  readonly secret: string;
}

/**
 * One identity provider behind a running auth service, wired as main.ts wires it: the flows in
 * identity-flows.int.test.ts run unchanged against each, which is how "the same flows pass
 * against the embedded provider" is shown.
 */
export interface IdentityTarget {
  readonly provider: 'embedded' | 'keycloak';
  /** The auth service: admin endpoints, console login and token exchange. */
  readonly authUrl: string;
  readonly issuer: string;
  readonly tokenEndpoint: string;
  /** The registry's service client, the caller of the admin endpoints. */
  readonly registry: ClientCredentials;
  /** The gateway's service client, allowed to exchange users' tokens for BACKEND_AUDIENCE. */
  readonly gateway: ClientCredentials;
  /** A user in group team-crm who signs in on the provider's own login form. */
  readonly user: { readonly username: string; readonly password: string; readonly subject: string };
  /** The console's sessions, where the user's access token is kept. */
  readonly store: SessionStore;
  logs(): string;
  close(): Promise<void>;
}

export interface TokenAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Client credentials at the provider's token endpoint (client_secret_basic, like the registry). */
export async function clientCredentials(
  target: Pick<IdentityTarget, 'tokenEndpoint'>,
  client: ClientCredentials,
  params: Record<string, string> = {},
): Promise<TokenAnswer> {
  const basic = Buffer.from(
    `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.secret)}`,
  ).toString('base64');
  const res = await fetch(target.tokenEndpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...params }),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function accessToken(
  target: Pick<IdentityTarget, 'tokenEndpoint'>,
  client: ClientCredentials,
): Promise<string> {
  const { status, body } = await clientCredentials(target, client);
  if (status !== 200 || typeof body.access_token !== 'string')
    throw new Error(`${client.clientId} got no token: ${status} ${String(body.error)}`);
  return body.access_token;
}

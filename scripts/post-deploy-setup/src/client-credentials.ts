/** Requests a client-credentials token; the error names Keycloak's `error` code, never the secret. */
export async function clientCredentialsToken(
  tokenEndpoint: string,
  clientId: string,
  clientSecret: string,
): Promise<string> {
  const res = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok || typeof body.access_token !== 'string') {
    const code = typeof body.error === 'string' ? body.error : `HTTP ${res.status}`;
    throw Object.assign(new Error(`Token request for ${clientId} refused: ${code}`), {
      oauthError: code,
    });
  }
  return body.access_token;
}

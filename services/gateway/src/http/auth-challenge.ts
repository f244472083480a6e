/** RFC 9728 §3.1: the metadata URL inserts the well-known segment before the resource's path. */
export function resourceMetadataUrl(resourceUrl: string): string {
  const url = new URL(resourceUrl);
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.origin}/.well-known/oauth-protected-resource${path}`;
}

/** RFC 6750 §3 challenge; `error="invalid_token"` only when a token was actually presented. */
export function unauthorizedChallenge(metadataUrl: string, tokenPresented: boolean): string {
  const error = tokenPresented ? 'error="invalid_token", ' : '';
  return `Bearer ${error}resource_metadata="${metadataUrl}"`;
}

export function insufficientScopeChallenge(metadataUrl: string, scopes: readonly string[]): string {
  return `Bearer error="insufficient_scope", scope="${scopes.join(' ')}", resource_metadata="${metadataUrl}"`;
}

export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  scopes_supported: string[];
  bearer_methods_supported: ['header'];
}

export function protectedResourceMetadata(
  resourceUrl: string,
  issuer: string,
  scopes: readonly string[],
): ProtectedResourceMetadata {
  return {
    resource: resourceUrl,
    authorization_servers: issuer === '' ? [] : [issuer],
    scopes_supported: [...scopes],
    bearer_methods_supported: ['header'],
  };
}

import { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

type ResourceIndicators = NonNullable<NonNullable<Configuration['features']>['resourceIndicators']>;

export interface GatewayResourceOptions {
  /** The gateway's resource URI: the only audience tokens are minted for. */
  resource: string;
  accessTokenTtlSeconds: number;
  /** Scopes a client may hold; empty for unknown clients. */
  allowedScopes(clientId: string): readonly string[];
}

function requestedScopes(ctx: KoaContextWithOIDC): string[] {
  const scope = ctx.oidc.params?.scope;
  return typeof scope === 'string' ? scope.split(' ').filter((s) => s !== '') : [];
}

/**
 * Applies Keycloak's client-credentials semantics to a request: no scope requested means every
 * scope the client holds; a scope it does not hold is `invalid_scope` rather than silently
 * dropped. oidc-provider itself grants nothing when no scope is asked for, and only refuses
 * scopes it knows statically.
 */
function applyClientCredentialsScope(ctx: KoaContextWithOIDC, allowed: readonly string[]): void {
  if (ctx.oidc.route !== 'token' || ctx.oidc.params?.grant_type !== 'client_credentials') return;
  const requested = requestedScopes(ctx);
  const refused = requested.find((scope) => !allowed.includes(scope));
  if (refused !== undefined)
    throw new errors.InvalidScope('requested scope is not allowed', refused);
  // Runs before the grant handler reads the scope parameter (resources are resolved first).
  if (requested.length === 0 && ctx.oidc.params !== undefined)
    ctx.oidc.params.scope = allowed.join(' ');
}

/**
 * Every access token is a JWT for the gateway, whether or not the caller names the resource,
 * so the gateway and registry see the same tokens they would get from a Keycloak realm with an
 * audience mapper.
 */
export function gatewayResourceIndicators(options: GatewayResourceOptions): ResourceIndicators {
  return {
    enabled: true,
    defaultResource: () => options.resource,
    useGrantedResource: () => true,
    getResourceServerInfo: (ctx, resourceIndicator, client) => {
      if (resourceIndicator !== options.resource) throw new errors.InvalidTarget();
      const allowed = options.allowedScopes(client.clientId);
      applyClientCredentialsScope(ctx, allowed);
      return {
        scope: allowed.join(' '),
        audience: options.resource,
        accessTokenTTL: options.accessTokenTtlSeconds,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      };
    },
  };
}

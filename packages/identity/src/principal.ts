import type { GroupMapper } from './group-mapper.js';
import { parseGroups, parseScopes } from './parse-scopes.js';
import { tokenInvalid } from './token-errors.js';

/** Who is calling, as established by a verified token. Shared and cached: deeply frozen. */
export interface Principal {
  issuer: string;
  subject: string;
  /** From `client_id` (RFC 9068), else `azp` (Keycloak), else `cid` (Okta). */
  clientId?: string;
  groups: string[];
  /** Token `scope` ∪ `scp` ∪ scopes mapped from groups. */
  scopes: string[];
  /** Only from the group mapping; a token cannot grant itself roles. */
  roles: string[];
  tokenId?: string;
  /** Epoch seconds; +Infinity when expiry is not required and the token has none. */
  expiresAt: number;
  claims: Readonly<Record<string, unknown>>;
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string' && v !== '');
}

/** Builds the Principal from claims that have already passed signature and claim checks. */
export function buildPrincipal(
  claims: Record<string, unknown>,
  groupMapper: GroupMapper | undefined,
): Principal {
  const { iss, sub, jti, exp } = claims;
  if (typeof sub !== 'string' || sub === '') throw tokenInvalid('subject');
  const groups = parseGroups(claims);
  const mapped = groupMapper?.map(groups) ?? { scopes: [], roles: [] };
  const scopes = [...new Set([...parseScopes(claims), ...mapped.scopes])];
  const clientId = firstString(claims.client_id, claims.azp, claims.cid);
  const tokenId = firstString(jti);
  const principal: Principal = {
    issuer: iss as string,
    subject: sub,
    ...(clientId === undefined ? {} : { clientId }),
    groups: Object.freeze(groups) as string[],
    scopes: Object.freeze(scopes) as string[],
    roles: Object.freeze([...mapped.roles]) as string[],
    ...(tokenId === undefined ? {} : { tokenId }),
    expiresAt: typeof exp === 'number' ? exp : Number.POSITIVE_INFINITY,
    claims: Object.freeze({ ...claims }),
  };
  return Object.freeze(principal);
}

/**
 * Identifier shapes shared by the catalog's HTTP schemas and its use cases, so an import through
 * another endpoint is held to the same rules as the REST API.
 */

/** Server slug = id and gateway namespace (`<slug>__<tool>`), so no `__` and no path characters. */
export const SLUG_PATTERN = /^[a-z][a-z0-9-]{1,47}$/;

/** Semantic version, bounded so it stays a safe path segment. */
export const VERSION_PATTERN =
  /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})(-[0-9A-Za-z.-]{1,32})?$/;

/** Team names as they appear in `server-owner:<team>` roles. */
export const TEAM_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

export const TAG_PATTERN = /^[a-z0-9][a-z0-9._-]{0,47}$/;

/** Scope names of the scopes catalog (see model/scope.ts). */
export const SCOPE_PATTERN = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/;

export function versionIdOf(serverId: string, version: string): string {
  return `${serverId}@${version}`;
}

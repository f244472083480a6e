import type { TransitionDeps } from '../../domain/lifecycle/transition-version.js';
import type { RegistryContext } from '../../domain/registry-context.js';
import type { CatalogDeps } from '../../domain/servers/register-server.js';
import type { RouteDefinition } from '../route.js';
import { reviewRoutes } from './review-routes.js';
import { serverRoutes } from './server-routes.js';
import { versionRoutes } from './version-routes.js';

export type CatalogRouteDeps = CatalogDeps & TransitionDeps;

/** Every catalog route (servers, versions, lifecycle, review), for app.ts to mount. */
export function catalogRoutes(ctx: RegistryContext, deps: CatalogRouteDeps): RouteDefinition[] {
  return [...serverRoutes(ctx, deps), ...versionRoutes(ctx, deps), ...reviewRoutes(ctx, deps)];
}

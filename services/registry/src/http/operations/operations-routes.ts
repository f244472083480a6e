import { discoverVersion } from '../../domain/discovery/discover-version.js';
import { reportDrift } from '../../domain/drift/report-drift.js';
import { getServerHealth } from '../../domain/health/get-server-health.js';
import type { VersionDiscovery } from '../../domain/ports/version-discovery.js';
import type { RegistryContext } from '../../domain/registry-context.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import {
  discoveredVersionResponse,
  driftReportBody,
  driftReportResponse,
  operationsServerParams,
  operationsVersionParams,
  serverHealthResponse,
} from './operations-schemas.js';

export interface OperationsDeps {
  readonly discovery: VersionDiscovery;
}

/** On-demand discovery, the gateway's drift reports and the health read model. */
export function operationsRoutes(ctx: RegistryContext, deps: OperationsDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/v1/servers/:serverId/versions/:version/discover',
      summary: 'Re-discover the definitions of a version now (drift is flagged, pins are kept)',
      tag: 'operations',
      params: operationsVersionParams,
      responses: {
        200: {
          description: 'The version with its discovery outcome',
          schema: discoveredVersionResponse,
        },
        403: { description: 'Not the owner team, a reviewer or an admin' },
        404: { description: 'Server or version not found' },
        409: { description: 'The version is retired, or VERSION_CONFLICT' },
      },
      handler: async ({ actor, params }) => ({
        body: await discoverVersion(ctx, actor, params, deps.discovery),
      }),
    }),
    defineRoute({
      method: 'POST',
      path: '/internal/v1/drift',
      summary: 'Gateway report of a live definition whose hash differs from the pin',
      tag: 'internal',
      body: driftReportBody,
      responses: {
        200: {
          description: 'Whether the definition drifted and whether this report was new',
          schema: driftReportResponse,
        },
        400: { description: 'Invalid report' },
        403: { description: 'Not the gateway service identity' },
        404: { description: 'Unknown server, version or definition' },
        409: { description: 'The definition is not pinned' },
      },
      handler: async ({ actor, body }) => ({ body: await reportDrift(ctx, actor, body) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/servers/:serverId/health',
      summary: 'Health status and recent probe history of every version of a server',
      tag: 'operations',
      params: operationsServerParams,
      responses: {
        200: { description: 'Health per version', schema: serverHealthResponse },
        404: { description: 'Server not found' },
      },
      handler: async ({ params }) => ({ body: await getServerHealth(ctx, params.serverId) }),
    }),
  ];
}

import { appError } from '@mcpgw/errors';
import { gatewaySnapshotSchema } from '@mcpgw/snapshot';
import { z } from 'zod';
import { ENVIRONMENTS } from '../../domain/model/lifecycle.js';
import type { SnapshotCache } from '../../domain/snapshot/snapshot-cache.js';
import { defineRoute, type RouteDefinition } from '../route.js';

const snapshotQuery = z.strictObject({ environment: z.enum(ENVIRONMENTS) });

/**
 * The gateway's poll (ARCHITECTURE §7). Served from the prebuilt JSON string: a 200 costs one
 * write, and the usual answer, 304 on a matching If-None-Match, costs a string comparison.
 */
export function snapshotRoute(snapshots: SnapshotCache): RouteDefinition {
  return defineRoute({
    method: 'GET',
    path: '/internal/v1/snapshot',
    summary: 'Gateway snapshot for one environment (ETag / If-None-Match)',
    tag: 'distribution',
    query: snapshotQuery,
    responses: {
      200: { description: 'The snapshot', schema: gatewaySnapshotSchema },
      304: { description: 'Unchanged since the ETag in If-None-Match' },
      400: { description: 'Unknown environment (VALIDATION_FAILED)' },
      403: { description: 'Not the gateway service identity' },
    },
    handler: async ({ query, req, res }) => {
      if (!snapshots.environments.includes(query.environment)) {
        throw appError('VALIDATION_FAILED', `No snapshot is built for ${query.environment}.`, {
          details: { field: 'environment', environments: snapshots.environments },
        });
      }
      const entry = await snapshots.get(query.environment);
      res.setHeader('ETag', entry.etag);
      res.setHeader('Cache-Control', 'no-cache');
      if (etagMatches(req.headers['if-none-match'], entry.etag)) {
        res.status(304).end();
      } else {
        res.status(200).type('application/json').send(entry.json);
      }
      return {};
    },
  });
}

/** RFC 9110 §13.1.2: a list of tags or `*`, compared weakly (a `W/` prefix is ignored). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

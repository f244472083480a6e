import express, { type Express } from 'express';
import type { TokenVerifier } from '@mcpgw/identity';
import { authenticate } from './authenticate.js';
import { buildOpenApiDocument } from './openapi.js';
import { mountRoutes, type RouteDefinition } from './route.js';

export const API_PREFIXES = ['/v1', '/v0.1', '/internal'];

/**
 * Mounts the API on the base app. Everything under /v1, /v0.1 and /internal requires a verified
 * bearer token, except the OpenAPI document; health, readiness and metrics stay open.
 */
export function mountRegistryApi(
  app: Express,
  options: {
    verifier: TokenVerifier;
    routes: readonly RouteDefinition[];
    gatewayClientIds: readonly string[];
    version: string;
  },
): void {
  const openApi = buildOpenApiDocument(options.routes, {
    title: 'MCP Gateway Registry API',
    version: options.version,
  });
  const api = express.Router();
  api.get('/v1/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  api.use(API_PREFIXES, authenticate(options.verifier));
  mountRoutes(api, options.routes, { gatewayClientIds: options.gatewayClientIds });
  app.use(api);
}

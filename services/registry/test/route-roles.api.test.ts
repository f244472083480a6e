import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryRoutes } from '../src/app.js';
import { configSchema } from '../src/config.js';
import type { Role } from '../src/domain/model/actor.js';
import { createCatalogViewCache } from '../src/domain/search/catalog-view.js';
import { createSnapshotCache } from '../src/domain/snapshot/snapshot-cache.js';
import { ROUTE_ROLES, type RouteAccess } from '../src/http/route-roles.js';
import type { RouteDefinition } from '../src/http/route.js';
import {
  startRegistryHarness,
  type Persona,
  type RegistryHarness,
} from './support/registry-harness.js';

/** The registry roles each persona holds (see the harness's group mapping). */
const PERSONA_ROLES: Record<Persona, readonly Role[]> = {
  admin: ['platform-admin'],
  reviewer: ['security-reviewer'],
  reviewer2: ['security-reviewer'],
  crmOwner: ['server-owner'],
  crmOwnerReviewer: ['server-owner', 'security-reviewer'],
  billingOwner: ['server-owner'],
  approver: ['approver'],
  approver2: ['approver'],
  auditor: ['auditor'],
  nobody: [],
  agent: ['agent'],
  gateway: ['agent'],
};
const PERSONAS = Object.keys(PERSONA_ROLES) as Persona[];

const ROLE_REFUSALS = [/^This route needs one of the roles/, /^Only the gateway service/];

function mayCall(access: RouteAccess, persona: Persona): boolean {
  if (access === 'authenticated') return true;
  if (access === 'service:gateway') return persona === 'gateway';
  return PERSONA_ROLES[persona].some((role) => access.includes(role));
}

/** A concrete path for a route pattern: every parameter gets a plausible value. */
function concretePath(path: string): string {
  return path
    .replace(':serverName', encodeURIComponent('com.example.mcp/crm'))
    .replace(':version', '1.0.0')
    .replace(/:[A-Za-z]+/g, 'crm');
}

function query(route: RouteDefinition): string {
  if (route.path === '/v1/search') return '?q=crm';
  if (route.path === '/internal/v1/snapshot') return '?environment=prod';
  return '';
}

describe('ROUTE_ROLES', () => {
  let h: RegistryHarness;
  let routes: RouteDefinition[] = [];
  const stops: Array<() => void> = [];

  beforeAll(async () => {
    h = await startRegistryHarness({
      routes: (ctx) => {
        const config = configSchema.parse({
          REGISTRY_OIDC_ISSUER: 'http://127.0.0.1/unused',
          REGISTRY_TOKEN_AUDIENCES: 'unused',
          REGISTRY_ENVIRONMENTS: 'dev,prod',
        });
        const snapshots = createSnapshotCache(ctx, {
          environments: ['dev', 'prod'],
          refreshMs: 60_000,
        });
        const catalog = createCatalogViewCache(ctx, { refreshMs: 60_000 });
        stops.push(
          () => snapshots.stop(),
          () => catalog.stop(),
        );
        routes = registryRoutes({
          config,
          logger: ctx.logger as never,
          ctx,
          verifier: { verify: async () => Promise.reject(new Error('unused')) },
          netPolicy: {},
          discovery: { discover: async () => Promise.reject(new Error('unused')) },
          snapshots,
          catalog,
        });
        return routes;
      },
    });
  });
  afterAll(async () => {
    for (const stop of stops) stop();
    await h.close();
  });

  it('when the table and the declared routes are compared, then every route has exactly one rule', () => {
    const declared = routes.map((route) => `${route.method} ${route.path}`).sort();
    expect(declared).toEqual(Object.keys(ROUTE_ROLES).sort());
  });

  it('when any route is called without a token, then it answers 401 with a Bearer challenge', async () => {
    for (const key of Object.keys(ROUTE_ROLES)) {
      const [method, path] = key.split(' ') as [string, string];
      const res = await fetch(`${h.url}${concretePath(path)}`, { method });
      expect(res.status, key).toBe(401);
      expect(res.headers.get('www-authenticate'), key).toMatch(/^Bearer /);
    }
  });

  it('when each persona calls each route, then only the roles in the table get past the role check', async () => {
    for (const route of routes) {
      const access = ROUTE_ROLES[`${route.method} ${route.path}`]!;
      const url = `${concretePath(route.path)}${query(route)}`;
      const body = ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined;
      for (const persona of PERSONAS) {
        const res = await h.call(persona, route.method, url, body);
        const message: string = res.body?.error?.message ?? '';
        const refusedByRole = res.status === 403 && ROLE_REFUSALS.some((re) => re.test(message));
        const label = `${persona} ${route.method} ${route.path} → ${res.status} ${message}`;
        expect(res.status, label).not.toBe(401);
        expect(refusedByRole, label).toBe(!mayCall(access, persona));
      }
    }
  });
});

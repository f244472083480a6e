import type { Role } from '../domain/model/actor.js';

/**
 * The one table of who may call which registry route (issue: "every route's role rule in one
 * table, tested route by route"). Finer rules (owner team, no self-approval) are enforced by the
 * domain on top of this. `service:gateway` marks internal routes callable only by the gateway's
 * service identity (client ids in REGISTRY_GATEWAY_CLIENT_IDS).
 */
export type RouteAccess = readonly Role[] | 'service:gateway' | 'authenticated';

const READERS: readonly Role[] = [
  'platform-admin',
  'security-reviewer',
  'server-owner',
  'approver',
  'auditor',
];

export const ROUTE_ROLES: Readonly<Record<string, RouteAccess>> = {
  'POST /v1/servers': ['platform-admin', 'server-owner'],
  'POST /v1/servers/import': ['platform-admin', 'server-owner'],
  'GET /v1/servers': READERS,
  'GET /v1/servers/:serverId': READERS,
  'PATCH /v1/servers/:serverId': ['platform-admin', 'server-owner'],
  'DELETE /v1/servers/:serverId': ['platform-admin', 'server-owner'],
  'POST /v1/servers/:serverId/versions': ['platform-admin', 'server-owner'],
  'GET /v1/servers/:serverId/versions': READERS,
  'GET /v1/servers/:serverId/versions/:version': READERS,
  'POST /v1/servers/:serverId/versions/:version/lifecycle': [
    'platform-admin',
    'security-reviewer',
    'server-owner',
  ],
  'POST /v1/servers/:serverId/versions/:version/discover': [
    'platform-admin',
    'security-reviewer',
    'server-owner',
  ],
  'POST /v1/servers/:serverId/versions/:version/findings/accept': ['security-reviewer'],
  'PUT /v1/servers/:serverId/versions/:version/definitions/scopes': ['security-reviewer'],
  'POST /v1/servers/:serverId/versions/:version/drift/accept': ['security-reviewer'],
  'GET /v1/servers/:serverId/health': READERS,
  'GET /v1/search': [...READERS, 'agent'],
  'GET /v1/discovery/tools': 'authenticated',
  'GET /v1/scopes': 'authenticated',
  'POST /v1/scopes': ['platform-admin'],
  'DELETE /v1/scopes/:scopeId': ['platform-admin'],
  'GET /v1/policies': ['platform-admin', 'security-reviewer', 'auditor'],
  'GET /v1/policies/:policyId': ['platform-admin', 'security-reviewer', 'auditor'],
  'POST /v1/policies': ['platform-admin'],
  'PUT /v1/policies/:policyId': ['platform-admin'],
  'DELETE /v1/policies/:policyId': ['platform-admin'],
  'POST /v1/policy/explain': ['platform-admin', 'security-reviewer', 'auditor'],
  'GET /v1/agents': ['platform-admin', 'security-reviewer', 'auditor', 'server-owner'],
  'GET /v1/agents/:agentId': ['platform-admin', 'security-reviewer', 'auditor', 'server-owner'],
  'POST /v1/agents': ['platform-admin'],
  'PATCH /v1/agents/:agentId': ['platform-admin'],
  'DELETE /v1/agents/:agentId': ['platform-admin'],
  'POST /v1/agents/:agentId/rotate-secret': ['platform-admin'],
  'GET /v1/approvals': ['approver', 'platform-admin', 'auditor'],
  'GET /v1/approvals/:approvalId': ['approver', 'platform-admin', 'auditor'],
  'POST /v1/approvals/:approvalId/decision': ['approver'],
  'GET /v1/audit': ['auditor', 'platform-admin', 'security-reviewer'],
  'GET /internal/v1/snapshot': 'service:gateway',
  'POST /internal/v1/drift': 'service:gateway',
  'POST /internal/v1/approvals': 'service:gateway',
  'GET /internal/v1/approvals/:approvalId': 'service:gateway',
  'GET /v0.1/servers': 'authenticated',
  'GET /v0.1/servers/:serverName/versions': 'authenticated',
  'GET /v0.1/servers/:serverName/versions/:version': 'authenticated',
};

export function routeAccess(method: string, path: string): RouteAccess {
  const access = ROUTE_ROLES[`${method} ${path}`];
  // A route without a rule is a programming error: fail closed at startup, not at request time.
  if (access === undefined) throw new Error(`no access rule for ${method} ${path}`);
  return access;
}

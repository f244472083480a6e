import type { RegistryContext } from '../../domain/registry-context.js';
import type { RouteDefinition } from '../route.js';
import { agentRoutes } from './agent-routes.js';
import { approvalRoutes, internalApprovalRoutes } from './approval-routes.js';
import { auditRoutes } from './audit-routes.js';
import { explainRoutes } from './explain-routes.js';
import { policyRoutes } from './policy-routes.js';
import { scopeRoutes } from './scope-routes.js';

/** Scopes, policies and explain, agents, approvals (console and gateway side) and audit query. */
export function governanceRoutes(ctx: RegistryContext): RouteDefinition[] {
  return [
    ...scopeRoutes(ctx),
    ...policyRoutes(ctx),
    ...explainRoutes(ctx),
    ...agentRoutes(ctx),
    ...approvalRoutes(ctx),
    ...internalApprovalRoutes(ctx),
    ...auditRoutes(ctx),
  ];
}

import {
  NO_IDENTITY_PROVISIONING,
  type IdentityProvisioning,
} from '../../domain/ports/identity-provisioning.js';
import type { RegistryContext } from '../../domain/registry-context.js';
import type { RouteDefinition } from '../route.js';
import { agentRoutes } from './agent-routes.js';
import { approvalRoutes, internalApprovalRoutes } from './approval-routes.js';
import { auditRoutes } from './audit-routes.js';
import { explainRoutes } from './explain-routes.js';
import { policyRoutes } from './policy-routes.js';
import { scopeRoutes } from './scope-routes.js';

export interface GovernanceDeps {
  /** Keycloak provisioning through the auth service; the no-op adapter when not configured. */
  readonly provisioning?: IdentityProvisioning;
}

/** Scopes, policies and explain, agents, approvals (console and gateway side) and audit query. */
export function governanceRoutes(
  ctx: RegistryContext,
  deps: GovernanceDeps = {},
): RouteDefinition[] {
  const provisioning = deps.provisioning ?? NO_IDENTITY_PROVISIONING;
  return [
    ...scopeRoutes(ctx, provisioning),
    ...policyRoutes(ctx),
    ...explainRoutes(ctx),
    ...agentRoutes(ctx, provisioning),
    ...approvalRoutes(ctx),
    ...internalApprovalRoutes(ctx),
    ...auditRoutes(ctx),
  ];
}

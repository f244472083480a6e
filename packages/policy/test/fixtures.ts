import {
  compilePolicies,
  decide,
  type Action,
  type CompileOptions,
  type Decision,
  type Policy,
  type PolicyContext,
  type PolicyPrincipal,
  type PolicyTarget,
} from '@mcpgw/policy';

// Wednesday 2026-03-04, 10:00 UTC.
export const WEDNESDAY_10_UTC = new Date('2026-03-04T10:00:00Z');

export function aPrincipal(overrides: Partial<PolicyPrincipal> = {}): PolicyPrincipal {
  return {
    subject: 'sub-agent-a',
    clientId: 'agent-a',
    groups: [],
    scopes: ['crm.read'],
    ...overrides,
  };
}

export function aTarget(overrides: Partial<PolicyTarget> = {}): PolicyTarget {
  return { server: 'crm', name: 'get_contact', requiredScopes: ['crm.read'], ...overrides };
}

export function aContext(overrides: Partial<PolicyContext> = {}): PolicyContext {
  return { environment: 'prod', now: WEDNESDAY_10_UTC, ...overrides };
}

export function aPolicy(overrides: Partial<Policy> = {}): Policy {
  return {
    id: 'p',
    effect: 'allow',
    subjects: { agents: ['*'] },
    actions: ['tools/call'],
    targets: ['crm/*'],
    ...overrides,
  };
}

export interface Request {
  principal?: PolicyPrincipal;
  action?: Action;
  target?: PolicyTarget;
  context?: PolicyContext;
}

/** Compiles `policies` and decides one request with defaults for whatever is not given. */
export function decideWith(
  policies: readonly Policy[],
  request: Request = {},
  options: CompileOptions = {},
): Decision {
  return decide(
    compilePolicies(policies, options),
    request.principal ?? aPrincipal(),
    request.action ?? 'tools/call',
    request.target ?? aTarget(),
    request.context ?? aContext(),
  );
}

/** A policy that applies to the default request, with the given id and effect. */
export function applying(id: string, effect: Policy['effect']): Policy {
  return aPolicy({ id, effect });
}

/** A policy with the given effect that does not apply to the default request (other server). */
export function notApplying(id: string, effect: Policy['effect']): Policy {
  return aPolicy({ id, effect, targets: ['billing/*'] });
}

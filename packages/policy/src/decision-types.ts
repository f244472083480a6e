import type { DataClassification, Effect, RiskLevel, ToolAnnotations } from './policy-types.js';

/** Who is asking, as verified by the caller (gateway or registry). */
export interface PolicyPrincipal {
  /** Token `sub`. */
  subject: string;
  /** OAuth client (the agent) the token was issued to: `azp` / `client_id`. */
  clientId?: string;
  groups: readonly string[];
  /** Effective scopes: token scopes plus scopes mapped from groups. */
  scopes: readonly string[];
  /** The human, for on-behalf-of and console tokens. */
  userId?: string;
}

/** What is being acted on: one tool, resource or prompt of one server. */
export interface PolicyTarget {
  server: string;
  name: string;
  requiredScopes: readonly string[];
  annotations?: ToolAnnotations;
  riskLevel?: RiskLevel;
  dataClassification?: DataClassification;
}

export interface PolicyContext {
  /** The gateway's environment, e.g. 'dev' or 'prod'. */
  environment: string;
  /** Decision time; the engine never reads the clock. */
  now: Date;
  /** Call arguments. Pass {} for a call without arguments; undefined means "not known". */
  arguments?: Record<string, unknown>;
}

export interface Decision {
  effect: Effect;
  /** Human readable; wording is stable enough for audit search but not a contract. */
  reasons: string[];
  /** Ids of the policies that produced the effect (all of them when several agree). */
  matchedPolicies: string[];
  /** Required scopes the principal lacks; non-empty only with effect 'deny'. */
  missingScopes: string[];
}

/** Outcome of one check: `unknown` when the data it needs is absent or of the wrong type. */
export type CheckStatus = 'match' | 'no_match' | 'unknown';

export interface CheckResult {
  check: string;
  status: CheckStatus;
  detail: string;
}

export interface PolicyTrace {
  policyId: string;
  effect: Effect;
  applies: boolean;
  /** Why it applies or not, including how `unknown` checks were resolved. */
  summary: string;
  checks: CheckResult[];
}

export interface Explanation extends Decision {
  scopes: { required: string[]; held: string[]; missing: string[] };
  /** Every policy in the set, in order, including disabled ones. */
  policies: PolicyTrace[];
  /** Ordered, readable steps: scopes, each policy, precedence or default. */
  steps: string[];
}

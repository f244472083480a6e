/**
 * The catalog lifecycle of a server version (ARCHITECTURE §5):
 * draft → submitted → in_review → approved_dev → approved_prod → deprecated → retired,
 * with rejected as a side exit. The table below is the single source of truth: the API, the
 * role checks, the "allowed transitions" in 409 answers and docs/lifecycle.md all read it.
 */
export const LIFECYCLE_STATUSES = [
  'draft',
  'submitted',
  'in_review',
  'approved_dev',
  'approved_prod',
  'deprecated',
  'retired',
  'rejected',
] as const;
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];

export const LIFECYCLE_ACTIONS = [
  'submit',
  'start_review',
  'approve_dev',
  'approve_prod',
  'reject',
  'deprecate',
  'retire',
] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

/** Who may perform an action. `owner` means a member of the server's owner team. */
export type LifecycleActor = 'owner' | 'security-reviewer' | 'platform-admin';

export interface TransitionRule {
  readonly action: LifecycleAction;
  readonly from: readonly LifecycleStatus[];
  readonly to: LifecycleStatus;
  readonly actors: readonly LifecycleActor[];
  /** Approvals may not be performed by a member of the owner team (no self-approval). */
  readonly forbidOwner: boolean;
}

export const TRANSITIONS: readonly TransitionRule[] = [
  {
    action: 'submit',
    from: ['draft', 'rejected'],
    to: 'submitted',
    actors: ['owner', 'platform-admin'],
    forbidOwner: false,
  },
  {
    action: 'start_review',
    from: ['submitted'],
    to: 'in_review',
    actors: ['security-reviewer'],
    forbidOwner: true,
  },
  {
    action: 'approve_dev',
    from: ['in_review'],
    to: 'approved_dev',
    actors: ['security-reviewer'],
    forbidOwner: true,
  },
  {
    action: 'approve_prod',
    from: ['approved_dev'],
    to: 'approved_prod',
    actors: ['security-reviewer'],
    forbidOwner: true,
  },
  {
    action: 'reject',
    from: ['submitted', 'in_review'],
    to: 'rejected',
    actors: ['security-reviewer'],
    forbidOwner: true,
  },
  {
    action: 'deprecate',
    from: ['approved_dev', 'approved_prod'],
    to: 'deprecated',
    actors: ['platform-admin'],
    forbidOwner: false,
  },
  {
    action: 'retire',
    from: ['deprecated'],
    to: 'retired',
    actors: ['platform-admin'],
    forbidOwner: false,
  },
];

export function transitionRule(action: LifecycleAction): TransitionRule {
  const rule = TRANSITIONS.find((t) => t.action === action);
  if (!rule) throw new Error(`unknown lifecycle action ${action}`);
  return rule;
}

/** The actions that are valid from a status (for 409 answers that name the allowed ones). */
export function allowedActions(from: LifecycleStatus): LifecycleAction[] {
  return TRANSITIONS.filter((t) => t.from.includes(from)).map((t) => t.action);
}

/** Gateway environments. A prod approval implies dev (a prod gateway is stricter, not different). */
export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

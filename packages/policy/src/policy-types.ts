/** The vocabulary of a policy document, as stored by the registry and shipped in the snapshot. */

export const ACTIONS = [
  'tools/list',
  'tools/call',
  'resources/list',
  'resources/read',
  'prompts/list',
  'prompts/get',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Each list action and the call action whose permission decides what the list shows. */
export const LIST_TO_CALL = Object.freeze({
  'tools/list': 'tools/call',
  'resources/list': 'resources/read',
  'prompts/list': 'prompts/get',
} as const);
export type ListAction = keyof typeof LIST_TO_CALL;

export const EFFECTS = ['allow', 'deny', 'require_approval'] as const;
export type Effect = (typeof EFFECTS)[number];

export const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Day = (typeof DAYS)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const DATA_CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;
export type DataClassification = (typeof DATA_CLASSIFICATIONS)[number];

export const ARGUMENT_OPS = [
  'eq',
  'neq',
  'in',
  'not_in',
  'matches',
  'max',
  'min',
  'max_length',
  'exists',
  'not_exists',
] as const;
export type ArgumentOp = (typeof ARGUMENT_OPS)[number];

export const ANNOTATION_HINTS = [
  'readOnlyHint',
  'destructiveHint',
  'idempotentHint',
  'openWorldHint',
] as const;
export type AnnotationHint = (typeof ANNOTATION_HINTS)[number];
export type ToolAnnotations = Partial<Record<AnnotationHint, boolean>>;

/** Any-of. `'*'` is allowed only in agents and clients and means any authenticated principal. */
export interface PolicySubject {
  agents?: string[];
  clients?: string[];
  groups?: string[];
  users?: string[];
}

export interface TimeWindow {
  days?: Day[];
  /** 'HH:MM', inclusive. */
  start?: string;
  /** 'HH:MM', exclusive. A start later than end wraps past midnight. */
  end?: string;
  /** IANA zone name; default 'UTC'. */
  timezone?: string;
}

export interface ArgumentConstraint {
  /** Dot path into the call arguments; numeric segments index arrays. */
  path: string;
  op: ArgumentOp;
  value?: unknown;
}

/** All present conditions must hold (AND); values inside one condition are any-of. */
export interface PolicyConditions {
  environments?: string[];
  timeWindow?: TimeWindow;
  annotations?: ToolAnnotations;
  riskLevels?: RiskLevel[];
  dataClassifications?: DataClassification[];
  arguments?: ArgumentConstraint[];
}

export interface Policy {
  id: string;
  description?: string;
  effect: Effect;
  subjects: PolicySubject;
  actions: Action[] | ['*'];
  /** 'server-slug/name' globs; '*' matches within one '/'-separated segment. */
  targets: string[];
  conditions?: PolicyConditions;
  /** Default true. */
  enabled?: boolean;
}

/** The steps, in the order they run. Each is idempotent. */
export const STEP_NAMES = [
  'realm',
  'client-scopes',
  'clients',
  'app-secrets',
  'groups',
  'admin-user',
  'indexes',
  'seed',
  'health',
  'smoke',
] as const;
export type StepName = (typeof STEP_NAMES)[number];

export const ENVIRONMENTS = ['local', 'dev', 'staging', 'prod'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

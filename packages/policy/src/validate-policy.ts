import { ACTIONS, EFFECTS, LIST_TO_CALL, type Policy } from './policy-types.js';
import { targetGlobProblem } from './target-glob.js';
import { validateConditions } from './validate-conditions.js';
import { checkStringList, isRecord, rejectUnknownKeys, type Report } from './validation-kit.js';

export interface PolicyIssue {
  /** The policy's id, or '' when it has none usable. */
  policyId: string;
  /** Where in the policy, e.g. 'conditions.timeWindow.start' or 'targets[1]'. */
  path: string;
  message: string;
}

export type PolicyValidationResult =
  { ok: true; policy: Policy } | { ok: false; issues: PolicyIssue[] };

const POLICY_KEYS = [
  'id',
  'description',
  'effect',
  'subjects',
  'actions',
  'targets',
  'conditions',
  'enabled',
];
const SUBJECT_KEYS = ['agents', 'clients', 'groups', 'users'] as const;
const WILDCARD_SUBJECT_KEYS: readonly string[] = ['agents', 'clients'];
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const MAX_DESCRIPTION = 1000;

/**
 * Checks an untrusted policy document (registry CRUD, snapshot load) and reports every problem at
 * once. Unknown keys are errors at every level.
 */
export function validatePolicy(input: unknown): PolicyValidationResult {
  const policyId = isRecord(input) && typeof input.id === 'string' ? input.id : '';
  const issues: PolicyIssue[] = [];
  const report: Report = (path, message) => issues.push({ policyId, path, message });
  if (!isRecord(input)) {
    report('', 'must be an object');
    return { ok: false, issues };
  }
  rejectUnknownKeys(input, POLICY_KEYS, '', report);
  if (typeof input.id !== 'string' || !ID.test(input.id)) {
    report('id', 'must be 1-128 characters: letters, digits, . _ : - (starting alphanumeric)');
  }
  if (input.description !== undefined && !isDescription(input.description)) {
    report('description', `must be a string of at most ${MAX_DESCRIPTION} characters`);
  }
  if (!EFFECTS.includes(input.effect as never))
    report('effect', `must be one of ${EFFECTS.join(', ')}`);
  if (input.enabled !== undefined && typeof input.enabled !== 'boolean')
    report('enabled', 'must be true or false');
  validateSubjects(input.subjects, report);
  validateActions(input.actions, input.effect, report);
  validateTargets(input.targets, report);
  if (input.conditions !== undefined) validateConditions(input.conditions, 'conditions', report);
  return issues.length === 0
    ? { ok: true, policy: input as unknown as Policy }
    : { ok: false, issues };
}

function isDescription(value: unknown): boolean {
  return typeof value === 'string' && value.length <= MAX_DESCRIPTION;
}

/**
 * Subjects are exact names. Everyone must be spelled out as agents or clients ['*']: an empty or
 * missing subject never means "everyone", and groups or users cannot be wildcarded.
 */
function validateSubjects(value: unknown, report: Report): void {
  if (!isRecord(value)) {
    report('subjects', 'must be an object with agents, clients, groups or users');
    return;
  }
  rejectUnknownKeys(value, SUBJECT_KEYS, 'subjects', report);
  const present = SUBJECT_KEYS.filter((key) => value[key] !== undefined);
  if (present.length === 0) {
    report('subjects', "must name at least one subject; use agents: ['*'] for every principal");
  }
  for (const key of present) {
    const list = value[key];
    if (!checkStringList(list, `subjects.${key}`, report)) continue;
    list.forEach((name, index) => {
      if (!name.includes('*')) return;
      if (name !== '*' || !WILDCARD_SUBJECT_KEYS.includes(key)) {
        report(
          `subjects.${key}[${index}]`,
          "only agents and clients accept a wildcard, and only '*' alone",
        );
      } else if (list.length > 1) {
        report(`subjects.${key}`, "'*' already covers everyone; list it alone");
      }
    });
  }
}

function validateActions(value: unknown, effect: unknown, report: Report): void {
  if (!checkStringList(value, 'actions', report)) return;
  value.forEach((action, index) => {
    if (action !== '*' && !ACTIONS.includes(action as never)) {
      report(`actions[${index}]`, `"${action}" is not one of *, ${ACTIONS.join(', ')}`);
    }
  });
  if (value.includes('*') && value.length > 1) report('actions', "'*' must be the only action");
  const onlyLists = value.every((action) => action in LIST_TO_CALL);
  if (effect === 'require_approval' && onlyLists) {
    report('effect', 'require_approval holds a call; it cannot apply to list actions only');
  }
}

function validateTargets(value: unknown, report: Report): void {
  if (!checkStringList(value, 'targets', report)) return;
  value.forEach((glob, index) => {
    const problem = targetGlobProblem(glob);
    if (problem !== undefined) report(`targets[${index}]`, `"${glob}" ${problem}`);
  });
}

import { describe, expect, it } from 'vitest';
import { compilePolicies, PolicyValidationError, validatePolicy, type Policy } from '@mcpgw/policy';
import { aPolicy } from './fixtures.js';

function problems(input: unknown): Array<[string, string]> {
  const result = validatePolicy(input);
  return result.ok ? [] : result.issues.map((issue) => [issue.path, issue.message]);
}

function paths(input: unknown): string[] {
  return problems(input).map(([path]) => path);
}

describe('validatePolicy', () => {
  it('when the policy uses every feature correctly, then it is accepted unchanged', () => {
    const policy: Policy = aPolicy({
      id: 'prod.crm-writes_1',
      description: 'Writes need approval in business hours',
      effect: 'require_approval',
      subjects: { agents: ['agent-a'], clients: ['cli'], groups: ['sales'], users: ['alice'] },
      actions: ['tools/call', 'resources/read'],
      targets: ['crm/update_*', '*/delete_*'],
      enabled: true,
      conditions: {
        environments: ['prod'],
        timeWindow: {
          days: ['mon', 'fri'],
          start: '22:00',
          end: '06:00',
          timezone: 'Europe/Paris',
        },
        annotations: { destructiveHint: true, openWorldHint: false },
        riskLevels: ['high'],
        dataClassifications: ['restricted'],
        arguments: [
          { path: 'amount', op: 'max', value: 10 },
          { path: 'a.b', op: 'in', value: [1, 'x', null] },
          { path: 'f', op: 'exists' },
          { path: 'e', op: 'matches', value: '*@corp.com' },
          { path: 'q', op: 'max_length', value: 0 },
        ],
      },
    });
    expect(validatePolicy(policy)).toEqual({ ok: true, policy });
  });

  it('when the input is not an object, then says so', () => {
    expect(problems(null)).toEqual([['', 'must be an object']]);
    expect(problems([])).toEqual([['', 'must be an object']]);
  });

  it('when keys are unknown at any level, then each is reported', () => {
    const input = {
      ...aPolicy(),
      priority: 1,
      subjects: { agents: ['*'], roles: ['x'] },
      conditions: {
        environment: ['prod'],
        timeWindow: { start: '09:00', tz: 'UTC' },
        arguments: [{ path: 'a', op: 'exists', extra: 1 }],
      },
    };
    expect(paths(input)).toEqual([
      'priority',
      'subjects.roles',
      'conditions.environment',
      'conditions.timeWindow.tz',
      'conditions.arguments[0].extra',
    ]);
  });

  it('when many things are wrong, then every problem is listed at once', () => {
    const input = {
      id: ' bad id',
      effect: 'permit',
      subjects: {},
      actions: [],
      targets: ['crm'],
      enabled: 'yes',
      description: 7,
    };
    expect(paths(input)).toEqual([
      'id',
      'description',
      'effect',
      'enabled',
      'subjects',
      'actions',
      'targets[0]',
    ]);
  });

  it.each([
    [{ agents: [] }, 'subjects.agents'],
    [{ groups: ['*'] }, 'subjects.groups[0]'],
    [{ users: ['*'] }, 'subjects.users[0]'],
    [{ agents: ['agent-*'] }, 'subjects.agents[0]'],
    [{ agents: ['*', 'agent-a'] }, 'subjects.agents'],
    [{ clients: [''] }, 'subjects.clients[0]'],
    [{ groups: ['ops', 'ops'] }, 'subjects.groups[1]'],
    [{ users: [' alice'] }, 'subjects.users[0]'],
    ['everyone', 'subjects'],
  ])('when subjects are %j, then reports %s', (subjects, path) => {
    expect(paths(aPolicy({ subjects: subjects as Policy['subjects'] }))).toEqual([path]);
  });

  it('when no subject is named at all, then explains how to say everyone explicitly', () => {
    expect(problems(aPolicy({ subjects: {} }))).toEqual([
      ['subjects', "must name at least one subject; use agents: ['*'] for every principal"],
    ]);
  });

  it.each([
    [['tools/invoke'], 'actions[0]'],
    [['*', 'tools/call'], 'actions'],
    [['tools/call', 'tools/call'], 'actions[1]'],
    ['tools/call', 'actions'],
  ])('when actions are %j, then reports %s', (actions, path) => {
    expect(paths(aPolicy({ actions: actions as Policy['actions'] }))).toEqual([path]);
  });

  it('when require_approval covers list actions only, then it is refused', () => {
    expect(
      paths(aPolicy({ effect: 'require_approval', actions: ['tools/list', 'prompts/list'] })),
    ).toEqual(['effect']);
    expect(paths(aPolicy({ effect: 'require_approval', actions: ['*'] }))).toEqual([]);
  });

  it.each([
    'crm',
    '*',
    'crm/',
    '/x',
    'crm//x',
    'crm/**',
    'crm/a b',
    'crm/get?',
    'crm/[ab]',
    'crm/{a,b}',
    'crm/!x',
    `crm/${'a'.repeat(300)}`,
  ])('when a target glob is "%s", then it is refused', (glob) => {
    expect(paths(aPolicy({ targets: [glob] }))).toEqual(['targets[0]']);
  });

  it.each([
    'crm/*',
    '*/delete_*',
    'crm/get_contact',
    '*/*',
    'files/docs/*',
    'crm-eu/get.contact:v2',
  ])('when a target glob is "%s", then it is accepted', (glob) => {
    expect(paths(aPolicy({ targets: [glob] }))).toEqual([]);
  });

  it.each([
    [{ timeWindow: {} }, 'conditions.timeWindow'],
    [{ timeWindow: { start: '9:00' } }, 'conditions.timeWindow.start'],
    [{ timeWindow: { end: '24:00' } }, 'conditions.timeWindow.end'],
    [{ timeWindow: { start: '12:60' } }, 'conditions.timeWindow.start'],
    [{ timeWindow: { start: '10:00', end: '10:00' } }, 'conditions.timeWindow'],
    [{ timeWindow: { days: ['monday'] } }, 'conditions.timeWindow.days[0]'],
    [{ timeWindow: { days: [] } }, 'conditions.timeWindow.days'],
    [
      { timeWindow: { start: '09:00', timezone: 'Mars/Olympus' } },
      'conditions.timeWindow.timezone',
    ],
    [{ timeWindow: { start: '09:00', timezone: '' } }, 'conditions.timeWindow.timezone'],
    [{ environments: [] }, 'conditions.environments'],
    [{ environments: 'prod' }, 'conditions.environments'],
    [{ annotations: {} }, 'conditions.annotations'],
    [{ annotations: { readOnlyHint: 'yes' } }, 'conditions.annotations.readOnlyHint'],
    [{ annotations: { dangerous: true } }, 'conditions.annotations.dangerous'],
    [{ riskLevels: ['extreme'] }, 'conditions.riskLevels[0]'],
    [{ dataClassifications: ['secret'] }, 'conditions.dataClassifications[0]'],
    [{ arguments: [] }, 'conditions.arguments'],
    [{ arguments: ['amount'] }, 'conditions.arguments[0]'],
  ])('when conditions are %j, then reports %s', (conditions, path) => {
    expect(paths(aPolicy({ conditions: conditions as Policy['conditions'] }))).toEqual([path]);
  });

  it.each([
    [{ path: '', op: 'exists' }, 'path'],
    [{ path: 'a..b', op: 'exists' }, 'path'],
    [{ path: 'a.__proto__', op: 'exists' }, 'path'],
    [{ path: 'a', op: 'like', value: 'x' }, 'op'],
    [{ path: 'a', op: 'eq' }, 'value'],
    [{ path: 'a', op: 'eq', value: () => 1 }, 'value'],
    [{ path: 'a', op: 'neq', value: Number.NaN }, 'value'],
    [{ path: 'a', op: 'in', value: 'x' }, 'value'],
    [{ path: 'a', op: 'not_in', value: [] }, 'value'],
    [{ path: 'a', op: 'matches', value: 3 }, 'value'],
    [{ path: 'a', op: 'matches', value: '' }, 'value'],
    [{ path: 'a', op: 'max', value: '10' }, 'value'],
    [{ path: 'a', op: 'min', value: Number.POSITIVE_INFINITY }, 'value'],
    [{ path: 'a', op: 'max_length', value: -1 }, 'value'],
    [{ path: 'a', op: 'max_length', value: 1.5 }, 'value'],
    [{ path: 'a', op: 'exists', value: true }, 'value'],
    [{ path: 'a', op: 'not_exists', value: null }, 'value'],
  ])('when an argument constraint is %j, then reports its %s', (constraint, field) => {
    const policy = aPolicy({ conditions: { arguments: [constraint as never] } });
    expect(paths(policy)).toEqual([`conditions.arguments[0].${field}`]);
  });

  it('when issues are reported, then each carries the policy id', () => {
    const result = validatePolicy(aPolicy({ id: 'mine', targets: ['x'] }));
    expect(result.ok ? [] : result.issues.map((i) => i.policyId)).toEqual(['mine']);
  });
});

describe('compilePolicies validation', () => {
  it('when several policies are invalid, then throws one PolicyValidationError with all issues', () => {
    const policies = [
      aPolicy({ id: 'a', targets: ['nope'] }),
      aPolicy({ id: 'ok' }),
      aPolicy({ id: 'ok' }),
      { ...aPolicy(), id: 5 } as unknown as Policy,
    ];
    let error: unknown;
    try {
      compilePolicies(policies);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PolicyValidationError);
    expect(error).toBeInstanceOf(Error);
    const issues = (error as PolicyValidationError).issues.map((i) => `${i.policyId} ${i.path}`);
    expect(issues).toEqual(['a targets[0]', 'ok id', '#3 id']);
    expect((error as Error).message).toContain('a targets[0]: "nope" must have the form');
  });

  it('when the default option is not allow or deny, then it is refused', () => {
    expect(() => compilePolicies([], { defaultWhenScopesHeld: 'maybe' as never })).toThrow(
      PolicyValidationError,
    );
  });
});

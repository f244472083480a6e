import type { AppError } from '@mcpgw/errors';
import { createGroupMapper, type GroupMapping } from '@mcpgw/identity';
import { describe, expect, it } from 'vitest';

function configError(mapping: GroupMapping): AppError {
  try {
    createGroupMapper(mapping);
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected createGroupMapper to throw');
}

describe('createGroupMapper', () => {
  it('when groups match exact names, then returns their scopes and roles without duplicates', () => {
    const mapper = createGroupMapper({
      groups: {
        'agents/crm': { scopes: ['crm.read', 'crm.write'], roles: ['agent'] },
        'agents/crm-readonly': { scopes: ['crm.read'] },
      },
    });

    expect(mapper.map(['agents/crm', 'agents/crm-readonly', 'other'])).toEqual({
      scopes: ['crm.read', 'crm.write'],
      roles: ['agent'],
    });
  });

  it('when a prefix rule is configured, then it matches groups below the prefix only', () => {
    const mapper = createGroupMapper({ groups: { 'platform/*': { roles: ['operator'] } } });

    expect(mapper.map(['platform/sre']).roles).toEqual(['operator']);
    expect(mapper.map(['platform/sre/oncall']).roles).toEqual(['operator']);
    expect(mapper.map(['platform']).roles).toEqual([]);
    expect(mapper.map(['platformer/x']).roles).toEqual([]);
  });

  it("when a key is written with Keycloak's leading slash, then it still matches", () => {
    const mapper = createGroupMapper({ groups: { '/admins': { roles: ['registry-admin'] } } });

    expect(mapper.map(['admins']).roles).toEqual(['registry-admin']);
  });

  it("when a bare '*' key is configured, then rejects the mapping with CONFIG_INVALID", () => {
    const error = configError({ groups: { '*': { roles: ['admin'] } } });

    expect(error.code).toBe('CONFIG_INVALID');
    expect(JSON.stringify(error.details)).toContain("'*'");
  });

  it.each(['/*', '*/admins', 'adm*', 'a/*/b'])(
    'when the key %j is configured, then rejects it',
    (key) => {
      expect(configError({ groups: { [key]: { roles: ['admin'] } } }).code).toBe('CONFIG_INVALID');
    },
  );

  it('when scopes or roles are not clean names, then reports every problem at once', () => {
    const error = configError({
      groups: { a: { scopes: ['crm read'] }, b: { roles: ['*'] }, c: { scopes: [''] } },
    });

    expect((error.details?.problems as string[]).length).toBe(3);
  });

  it('when no groups match, then grants nothing', () => {
    const mapper = createGroupMapper({ groups: { admins: { roles: ['admin'] } } });

    expect(mapper.map([])).toEqual({ scopes: [], roles: [] });
  });
});

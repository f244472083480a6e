import { describe, expect, it } from 'vitest';
import { rolesForGroups } from '../../src/roles/group-roles.js';
import { parseGroupScopes } from '../../src/roles/group-scopes.js';

describe('rolesForGroups', () => {
  it.each([
    [['platform-admins'], ['platform-admin']],
    [['security-reviewers'], ['security-reviewer']],
    [['approvers'], ['approver']],
    [['auditors'], ['auditor']],
    [['team-crm'], ['server-owner:crm']],
    [['/team-support'], ['server-owner:support']],
    [
      ['team-crm', 'approvers', 'team-crm'],
      ['approver', 'server-owner:crm'],
    ],
  ])('when the groups are %j, then the roles are %j', (groups, roles) => {
    expect(rolesForGroups(groups)).toEqual(roles);
  });

  it('when groups are unknown, nested, empty-team or differently cased, then no role is granted', () => {
    expect(
      rolesForGroups([
        'admins',
        'team-',
        'Team-CRM',
        '/x/platform-admins',
        'platform-admins/sub',
        '',
      ]),
    ).toEqual([]);
  });
});

describe('parseGroupScopes', () => {
  it('when a group is mapped to scopes, then its members get exactly those scopes', () => {
    const mapping = parseGroupScopes(
      '{"team-crm":["crm.read","crm.contact.update"],"agents/*":["x.read"]}',
    );

    expect(mapping.scopesFor(['team-crm'])).toEqual(['crm.contact.update', 'crm.read']);
    expect(mapping.scopesFor(['agents/crm'])).toEqual(['x.read']);
    expect(mapping.scopesFor(['team-support'])).toEqual([]);
  });

  it('when the mapping is not JSON, not an object, has a catch-all or non-list values, then CONFIG_INVALID', () => {
    for (const json of ['{', '[]', '{"*":["a"]}', '{"g":"crm.read"}'])
      expect(() => parseGroupScopes(json)).toThrow(
        expect.objectContaining({ code: 'CONFIG_INVALID' }),
      );
  });
});

import { parseGroups, parseScopes } from '@mcpgw/identity';
import { describe, expect, it } from 'vitest';

describe('parseScopes', () => {
  it('when scope and scp are both present, then returns their union in order', () => {
    expect(
      parseScopes({ scope: ' openid  crm.read\tcrm.write ', scp: ['crm.read', 'mail.send'] }),
    ).toEqual(['openid', 'crm.read', 'crm.write', 'mail.send']);
  });

  it('when scp is a string, then splits it on spaces', () => {
    expect(parseScopes({ scp: 'a b' })).toEqual(['a', 'b']);
  });

  it('when the claims have wrong types, then ignores them', () => {
    expect(parseScopes({ scope: ['a'], scp: [1, null, 'b', ''] })).toEqual(['b']);
    expect(parseScopes({})).toEqual([]);
  });
});

describe('parseGroups', () => {
  it('when groups carry the Keycloak leading slash, then strips one slash and deduplicates', () => {
    expect(parseGroups({ groups: ['/a', 'a', '/b/c', '/', 7] })).toEqual(['a', 'b/c']);
  });

  it('when groups is not an array, then returns no groups', () => {
    expect(parseGroups({ groups: 'admins' })).toEqual([]);
  });
});

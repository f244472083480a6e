import { describe, expect, it } from 'vitest';
import { combineChanges, differs } from '../../src/provisioning/change.js';

describe('differs', () => {
  it('when Keycloak added fields of its own, then the representation does not differ', () => {
    expect(
      differs(
        { enabled: true, id: 'x', attributes: { a: '1', b: '2' } },
        { enabled: true, attributes: { a: '1' } },
      ),
    ).toBe(false);
  });

  it('when a desired value or list member is different or missing, then it differs', () => {
    expect(differs({ enabled: false }, { enabled: true })).toBe(true);
    expect(differs({ redirectUris: ['https://a/cb'] }, { redirectUris: ['https://b/cb'] })).toBe(
      true,
    );
    expect(
      differs({ attributes: {} }, { attributes: { 'pkce.code.challenge.method': 'S256' } }),
    ).toBe(true);
  });
});

describe('combineChanges', () => {
  it('when any part was created, then created; else updated beats unchanged', () => {
    expect(combineChanges(['unchanged', 'created', 'updated'])).toBe('created');
    expect(combineChanges(['unchanged', 'updated'])).toBe('updated');
    expect(combineChanges([])).toBe('unchanged');
  });
});

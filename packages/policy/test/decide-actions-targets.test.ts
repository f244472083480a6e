import { describe, expect, it } from 'vitest';
import { ACTIONS, type Action } from '@mcpgw/policy';
import { aPolicy, aTarget, decideWith } from './fixtures.js';

function deniedOn(targets: string[], server: string, name: string): boolean {
  const target = aTarget({ server, name });
  return decideWith([aPolicy({ effect: 'deny', targets })], { target }).effect === 'deny';
}

describe('decide actions', () => {
  it("when actions is ['*'], then the policy covers every action", () => {
    for (const action of ACTIONS) {
      const decision = decideWith([aPolicy({ effect: 'deny', actions: ['*'] })], { action });
      expect(decision.effect, action).toBe('deny');
    }
  });

  it('when actions lists tools/call only, then other actions are not covered', () => {
    for (const action of ACTIONS) {
      const decision = decideWith([aPolicy({ effect: 'deny', actions: ['tools/call'] })], {
        action,
      });
      expect(decision.effect, action).toBe(action === 'tools/call' ? 'deny' : 'allow');
    }
  });

  it('when actions lists several, then exactly those are covered', () => {
    const covered: Action[] = ['resources/read', 'prompts/get'];
    for (const action of ACTIONS) {
      const decision = decideWith([aPolicy({ effect: 'deny', actions: covered })], { action });
      expect(decision.effect, action).toBe(covered.includes(action) ? 'deny' : 'allow');
    }
  });
});

describe('decide target globs', () => {
  it('when the glob is an exact server/name, then only that target matches', () => {
    expect(deniedOn(['crm/get_contact'], 'crm', 'get_contact')).toBe(true);
    expect(deniedOn(['crm/get_contact'], 'crm', 'get_contacts')).toBe(false);
    expect(deniedOn(['crm/get_contact'], 'crm2', 'get_contact')).toBe(false);
  });

  it("when the glob is 'server/*', then every name of that server matches and no other server", () => {
    expect(deniedOn(['crm/*'], 'crm', 'anything')).toBe(true);
    expect(deniedOn(['crm/*'], 'crm-eu', 'anything')).toBe(false);
    expect(deniedOn(['crm/*'], 'billing', 'crm')).toBe(false);
  });

  it("when the glob is '*/delete_*', then delete tools on every server match", () => {
    expect(deniedOn(['*/delete_*'], 'crm', 'delete_contact')).toBe(true);
    expect(deniedOn(['*/delete_*'], 'billing', 'delete_')).toBe(true);
    expect(deniedOn(['*/delete_*'], 'crm', 'undelete_contact')).toBe(false);
    expect(deniedOn(['*/delete_*'], 'crm', 'get_contact')).toBe(false);
  });

  it("when the glob is '*/*', then every single-segment name matches", () => {
    expect(deniedOn(['*/*'], 'crm', 'get_contact')).toBe(true);
    expect(deniedOn(['*/*'], 'x', 'y')).toBe(true);
  });

  it('when a star sits inside a segment, then it matches within that segment only', () => {
    expect(deniedOn(['crm-*/get_*_v2'], 'crm-eu', 'get_contact_v2')).toBe(true);
    expect(deniedOn(['crm-*/get_*_v2'], 'crm-eu', 'get_contact_v3')).toBe(false);
    expect(deniedOn(['crm-*/get_*_v2'], 'crm', 'get_contact_v2')).toBe(false);
  });

  it("when a name contains '/', then '*' does not cross it", () => {
    expect(deniedOn(['files/*'], 'files', 'docs/readme')).toBe(false);
    expect(deniedOn(['files/*/*'], 'files', 'docs/readme')).toBe(true);
    expect(deniedOn(['*/readme'], 'files', 'docs/readme')).toBe(false);
  });

  it('when the case differs, then the glob does not match', () => {
    expect(deniedOn(['crm/Get_*'], 'crm', 'get_contact')).toBe(false);
    expect(deniedOn(['CRM/*'], 'crm', 'get_contact')).toBe(false);
  });

  it('when regex metacharacters appear in a glob, then they are literal', () => {
    expect(deniedOn(['crm/get.contact'], 'crm', 'get.contact')).toBe(true);
    expect(deniedOn(['crm/get.contact'], 'crm', 'getXcontact')).toBe(false);
    expect(deniedOn(['crm/a+b'], 'crm', 'aab')).toBe(false);
  });

  it('when any of several globs matches, then the policy applies', () => {
    expect(deniedOn(['billing/*', 'crm/get_*'], 'crm', 'get_contact')).toBe(true);
    expect(deniedOn(['billing/*', 'crm/set_*'], 'crm', 'get_contact')).toBe(false);
  });
});

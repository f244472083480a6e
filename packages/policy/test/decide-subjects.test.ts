import { describe, expect, it } from 'vitest';
import type { PolicySubject } from '@mcpgw/policy';
import { aPolicy, aPrincipal, decideWith } from './fixtures.js';

// A deny for the subject under test: the effect shows whether the subject matched.
function deniedFor(subjects: PolicySubject, principal = aPrincipal()): boolean {
  return (
    decideWith([aPolicy({ id: 's', effect: 'deny', subjects })], { principal }).effect === 'deny'
  );
}

describe('decide subjects', () => {
  it("when agents is ['*'], then every principal matches", () => {
    expect(deniedFor({ agents: ['*'] })).toBe(true);
    expect(deniedFor({ agents: ['*'] }, aPrincipal({ clientId: undefined, subject: 'x' }))).toBe(
      true,
    );
  });

  it("when clients is ['*'], then every principal matches, with or without a client id", () => {
    expect(deniedFor({ clients: ['*'] })).toBe(true);
    expect(deniedFor({ clients: ['*'] }, aPrincipal({ clientId: undefined }))).toBe(true);
  });

  it('when agents lists the client id, then matches; another id does not', () => {
    expect(deniedFor({ agents: ['agent-a'] })).toBe(true);
    expect(deniedFor({ agents: ['agent-b'] })).toBe(false);
  });

  it('when the token has no client id, then agents matches the subject instead', () => {
    const principal = aPrincipal({ clientId: undefined, subject: 'svc-7' });
    expect(deniedFor({ agents: ['svc-7'] }, principal)).toBe(true);
  });

  it('when the token has a client id, then agents does not match the subject', () => {
    expect(deniedFor({ agents: ['sub-agent-a'] })).toBe(false);
  });

  it('when clients lists the client id, then matches; a client list never matches the subject', () => {
    expect(deniedFor({ clients: ['agent-a'] })).toBe(true);
    expect(deniedFor({ clients: ['sub-agent-a'] })).toBe(false);
    expect(
      deniedFor({ clients: ['svc-7'] }, aPrincipal({ clientId: undefined, subject: 'svc-7' })),
    ).toBe(false);
  });

  it('when groups lists one of the principal groups, then matches; none in common does not', () => {
    const principal = aPrincipal({ groups: ['sales', 'emea'] });
    expect(deniedFor({ groups: ['emea'] }, principal)).toBe(true);
    expect(deniedFor({ groups: ['finance', 'apac'] }, principal)).toBe(false);
    expect(deniedFor({ groups: ['emea'] }, aPrincipal({ groups: [] }))).toBe(false);
  });

  it('when users lists the user id, then matches; without a user id it does not', () => {
    expect(deniedFor({ users: ['alice'] }, aPrincipal({ userId: 'alice' }))).toBe(true);
    expect(deniedFor({ users: ['alice'] }, aPrincipal({ userId: 'bob' }))).toBe(false);
    expect(deniedFor({ users: ['sub-agent-a'] })).toBe(false);
  });

  it('when names differ only by case, then they do not match', () => {
    expect(deniedFor({ agents: ['Agent-A'] })).toBe(false);
    expect(deniedFor({ groups: ['Sales'] }, aPrincipal({ groups: ['sales'] }))).toBe(false);
  });

  it('when several subject kinds are listed, then any one of them matching is enough', () => {
    const subjects = { agents: ['other'], groups: ['ops'], users: ['carol'] };
    expect(deniedFor(subjects, aPrincipal({ groups: ['ops'] }))).toBe(true);
    expect(deniedFor(subjects, aPrincipal({ userId: 'carol' }))).toBe(true);
    expect(deniedFor(subjects, aPrincipal({ clientId: 'other' }))).toBe(true);
    expect(deniedFor(subjects, aPrincipal())).toBe(false);
  });

  it('when an on-behalf-of token carries the agent and the user, then both agent and user rules match', () => {
    const principal = aPrincipal({ clientId: 'agent-a', userId: 'alice' });
    expect(deniedFor({ agents: ['agent-a'] }, principal)).toBe(true);
    expect(deniedFor({ users: ['alice'] }, principal)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { approvalBlockers } from '../../src/domain/lifecycle/approval-blockers.js';
import { authorizeTransition } from '../../src/domain/lifecycle/authorize-transition.js';
import { actorFromRoles } from '../../src/domain/model/actor.js';
import { transitionRule } from '../../src/domain/model/lifecycle.js';
import type { Server } from '../../src/domain/model/server.js';
import type { ServerVersion } from '../../src/domain/model/server-version.js';
import { credentialRefProblems } from '../../src/domain/servers/credential-ref-rules.js';
import { POISON_FINDING, tool } from './catalog-fixtures.js';

const actor = (...roles: string[]) =>
  actorFromRoles({ subject: 'u', roles, scopes: [], groups: [] });
const server = { id: 'crm', ownerTeam: 'crm' } as Server;
const ref = { source: 'env:KEY', header: 'X-Api-Key', template: '{{secret}}' };

describe('credentialRefProblems', () => {
  it.each([
    'arn:aws:secretsmanager:us-gov-west-1:123456789012:secret:crm/key-AbCdEf',
    'env:CRM_API_KEY',
    'file:/run/secrets/crm',
  ])('when the source is the reference %s, then it is valid', (source) => {
    expect(credentialRefProblems({ ...ref, source })).toEqual([]);
  });

  it.each([
    'hunter2',
    'arn:aws:secretsmanager:eu-west-1:1234:secret:x',
    'env:lower_case',
    'file:/run/../etc/shadow',
    'file:relative',
  ])('when the source is %s, then it is rejected', (source) => {
    expect(credentialRefProblems({ ...ref, source })).toHaveLength(1);
  });

  it('when the template hides a token next to the placeholder, then it is rejected', () => {
    expect(
      credentialRefProblems({ ...ref, template: 'Token abcdefghijklmnopqrstuvwxyz{{secret}}' }),
    ).toHaveLength(1);
  });
});

describe('authorizeTransition', () => {
  it('when an owner who is also a reviewer approves their own server, then FORBIDDEN', () => {
    expect(() =>
      authorizeTransition(
        actor('server-owner:crm', 'security-reviewer'),
        transitionRule('approve_dev'),
        server,
      ),
    ).toThrow(/may not approve_dev/);
  });

  it('when a reviewer of another team approves, then allowed', () => {
    expect(() =>
      authorizeTransition(
        actor('server-owner:billing', 'security-reviewer'),
        transitionRule('approve_prod'),
        server,
      ),
    ).not.toThrow();
  });

  it('when an owner of another team submits, then FORBIDDEN; the owning team may', () => {
    expect(() =>
      authorizeTransition(actor('server-owner:billing'), transitionRule('submit'), server),
    ).toThrow(/needs one of/);
    expect(() =>
      authorizeTransition(actor('server-owner:crm'), transitionRule('submit'), server),
    ).not.toThrow();
  });

  it('when a reviewer deprecates, then FORBIDDEN (platform admins only)', () => {
    expect(() =>
      authorizeTransition(actor('security-reviewer'), transitionRule('deprecate'), server),
    ).toThrow();
  });
});

describe('approvalBlockers', () => {
  const version = (over: Partial<ServerVersion>) =>
    ({ definitions: [], discovery: { at: 'now', ok: true }, ...over }) as ServerVersion;

  it('when a scoped, clean, undrifted version was discovered, then nothing blocks', () => {
    expect(
      approvalBlockers(version({ definitions: [tool('a', { requiredScopes: ['x'] })] })),
    ).toEqual([]);
  });

  it('when findings were accepted for an older hash only, then the changed definition still blocks', () => {
    const def = tool('a', { requiredScopes: ['x'], findings: [POISON_FINDING] });
    const blockers = approvalBlockers(
      version({
        definitions: [def],
        findingsAcceptance: { by: 'r', at: 'now', reason: 'ok', definitionHashes: ['sha256:old'] },
      }),
    );
    expect(blockers.map((b) => b.code)).toEqual(['findings_not_accepted']);
  });

  it('when a definition drifted and a prompt has no scope, then only the drift blocks', () => {
    const drifted = tool('a', {
      requiredScopes: ['x'],
      drift: { detectedAt: 'now', liveHash: 'sha256:new', source: 'gateway' },
    });
    const prompt = { ...tool('p'), kind: 'prompt' as const };
    expect(
      approvalBlockers(version({ definitions: [drifted, prompt] })).map((b) => b.code),
    ).toEqual(['drift']);
  });

  it('when discovery never ran, then discovery_not_ok blocks', () => {
    expect(approvalBlockers(version({ discovery: undefined })).map((b) => b.code)).toEqual([
      'discovery_not_ok',
    ]);
  });
});

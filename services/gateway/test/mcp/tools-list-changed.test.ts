import { describe, expect, it } from 'vitest';
import {
  announceToolVisibilityChanges,
  createToolsListChangedSignal,
} from '../../src/domain/drift/tools-list-changed.js';
import { catalogueServer, catalogueSnapshot } from './fake-upstream-harness.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('announceToolVisibilityChanges', () => {
  const setup = () => {
    let emitted = 0;
    const announce = announceToolVisibilityChanges({ emit: () => void (emitted += 1) });
    return {
      announce: (snapshot = catalogueSnapshot()) => announce({ snapshot }),
      emitted: () => emitted,
    };
  };
  const policy = {
    id: 'p',
    effect: 'deny',
    subjects: { agents: ['*'] },
    actions: ['tools/call'],
    targets: ['docs/beta'],
  };

  it('when the first snapshot arrives, then nothing is announced (it is the baseline)', () => {
    const { announce, emitted } = setup();
    announce();
    expect(emitted()).toBe(0);
  });

  it.each([
    ['a policy is added', () => catalogueSnapshot(undefined, [policy])],
    [
      'an agent is revoked',
      () => ({
        ...catalogueSnapshot(),
        agents: [
          {
            id: 'a',
            status: 'revoked' as const,
            grantedScopes: [],
            versionPins: {},
            environments: ['dev'],
          },
        ],
      }),
    ],
    [
      'a server is added',
      () =>
        catalogueSnapshot([
          catalogueServer('crm'),
          catalogueServer('docs'),
          catalogueServer('wiki'),
        ]),
    ],
    [
      'a server changes risk level',
      () =>
        catalogueSnapshot([catalogueServer('crm', { riskLevel: 'high' }), catalogueServer('docs')]),
    ],
  ])('when %s, then the change is announced', (_label, next) => {
    const { announce, emitted } = setup();
    announce();
    announce(next());
    expect(emitted()).toBe(1);
  });

  it('when only descriptions, health or the generation time change, then nothing is announced', () => {
    const { announce, emitted } = setup();
    announce();
    const next = catalogueSnapshot([
      catalogueServer('crm', { description: 'new words', health: { status: 'unhealthy' } }),
      catalogueServer('docs'),
    ]);
    next.generatedAt = '2027-01-01T00:00:00.000Z';
    announce(next);
    expect(emitted()).toBe(0);
  });
});

describe('createToolsListChangedSignal', () => {
  it('when two sources emit in the same turn, then listeners hear it once', async () => {
    const signal = createToolsListChangedSignal();
    let heard = 0;
    signal.subscribe(() => void (heard += 1));

    signal.emit();
    signal.emit();
    await tick();
    signal.emit();
    await tick();

    expect(heard).toBe(2);
  });

  it('when one listener throws, then the others still hear it', async () => {
    const signal = createToolsListChangedSignal();
    let heard = false;
    signal.subscribe(() => {
      throw new Error('boom');
    });
    signal.subscribe(() => void (heard = true));

    signal.emit();
    await tick();

    expect(heard).toBe(true);
  });
});

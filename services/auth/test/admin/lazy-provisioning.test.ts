import { describe, expect, it } from 'vitest';
import { lazyProvisioning } from '../../src/admin-auth/lazy-provisioning.js';
import { fakeProvisioning } from './admin-harness.js';

const quiet = { warn: () => undefined, info: () => undefined } as never;

function flakyConnect(failures: number) {
  const { provisioning, calls } = fakeProvisioning();
  let attempts = 0;
  const connect = async () => {
    attempts += 1;
    if (attempts <= failures) throw new Error('connect ECONNREFUSED 127.0.0.1:8080');
    return provisioning;
  };
  return { connect, calls, attempts: () => attempts };
}

describe('lazyProvisioning', () => {
  it('when nothing is called, then Keycloak is never contacted', () => {
    const flaky = flakyConnect(0);

    lazyProvisioning({ connect: flaky.connect, logger: quiet });

    expect(flaky.attempts()).toBe(0);
  });

  it('when Keycloak fails twice then answers, then the first call succeeds after retrying', async () => {
    const flaky = flakyConnect(2);
    const provisioning = lazyProvisioning({
      connect: flaky.connect,
      logger: quiet,
      firstDelayMs: 1,
    });

    const change = await provisioning.disableAgent('crm-agent');

    expect(change).toBe('updated');
    expect(flaky.attempts()).toBe(3);
  });

  it('when every attempt fails, then NOT_READY with Retry-After, and the next call tries again', async () => {
    const flaky = flakyConnect(3);
    const provisioning = lazyProvisioning({
      connect: flaky.connect,
      logger: quiet,
      attempts: 3,
      firstDelayMs: 1,
    });

    const first = provisioning.disableAgent('crm-agent');
    await expect(first).rejects.toMatchObject({
      code: 'NOT_READY',
      status: 503,
      headers: { 'Retry-After': '5' },
    });
    const second = await provisioning.disableAgent('crm-agent');

    expect(second).toBe('updated');
    expect(flaky.attempts()).toBe(4);
  });

  it('when several first calls arrive together, then they share one connection', async () => {
    const flaky = flakyConnect(0);
    const provisioning = lazyProvisioning({ connect: flaky.connect, logger: quiet });

    await Promise.all([
      provisioning.disableAgent('a-agent'),
      provisioning.rotateAgentSecret('b-agent'),
      provisioning.syncScopes([]),
    ]);

    expect(flaky.attempts()).toBe(1);
    expect(flaky.calls.map((c) => c.method)).toEqual([
      'disableAgent',
      'rotateAgentSecret',
      'syncScopes',
    ]);
  });
});

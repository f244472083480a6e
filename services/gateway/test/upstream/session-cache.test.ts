import { describe, expect, it } from 'vitest';
import type { UpstreamSession } from '@mcpgw/mcp';
import { createSessionCache } from '../../src/data-access/upstream/session-cache.js';

interface FakeSession extends UpstreamSession {
  id: number;
  closed: boolean;
  /** What the upstream side calls when it ends the session. */
  endFromUpstream(): void;
}

function opener() {
  const opened: FakeSession[] = [];
  const open = async (onClosed: () => void): Promise<UpstreamSession> => {
    const session: FakeSession = {
      id: opened.length + 1,
      closed: false,
      request: async () => ({}),
      listTools: async () => [],
      close: async () => {
        session.closed = true;
      },
      endFromUpstream: () => onClosed(),
    };
    opened.push(session);
    return session;
  };
  return { opened, open };
}

describe('createSessionCache', () => {
  it('when the same key is acquired again, then the session is reused; another key gets its own', async () => {
    const { opened, open } = opener();
    const cache = createSessionCache({ maxSessions: 10, idleMs: 60_000 });

    const a1 = await cache.acquire('user-a', open);
    a1.release();
    const a2 = await cache.acquire('user-a', open);
    const b = await cache.acquire('user-b', open);

    expect(a2.session).toBe(a1.session);
    expect(b.session).not.toBe(a1.session);
    expect(opened).toHaveLength(2);
  });

  it('when more sessions than the cap are open, then the least recently used idle one is closed, never one in use', async () => {
    const { opened, open } = opener();
    const cache = createSessionCache({ maxSessions: 2, idleMs: 60_000 });
    const busy = await cache.acquire('busy', open);
    (await cache.acquire('idle-old', open)).release();
    (await cache.acquire('idle-new', open)).release();

    (await cache.acquire('newest', open)).release();

    expect(opened.map((s) => [s.id, s.closed])).toEqual([
      [1, false],
      [2, true],
      [3, true],
      [4, false],
    ]);
    expect(cache.size).toBe(2);
    busy.release();
  });

  it('when a session has been idle longer than idleMs, then it is closed as the next one opens', async () => {
    const { opened, open } = opener();
    let now = 0;
    const cache = createSessionCache({ maxSessions: 10, idleMs: 1_000, now: () => now });
    (await cache.acquire('old-token', open)).release();

    now = 1_500;
    (await cache.acquire('rotated-token', open)).release();

    expect(opened[0]?.closed).toBe(true);
    expect(opened[1]?.closed).toBe(false);
    expect(cache.size).toBe(1);
  });

  it('when opening fails, then the failure is not cached and the next acquire opens again', async () => {
    const { opened, open } = opener();
    const cache = createSessionCache({ maxSessions: 10, idleMs: 60_000 });
    let fail = true;
    const flaky = (onClosed: () => void) =>
      fail ? Promise.reject(new Error('upstream down')) : open(onClosed);

    await expect(cache.acquire('k', flaky)).rejects.toThrow('upstream down');
    fail = false;
    const lease = await cache.acquire('k', flaky);

    expect(lease.session).toBe(opened[0]);
    expect(cache.size).toBe(1);
  });

  it('when the upstream ends a session or a caller discards it, then the next acquire opens a fresh one', async () => {
    const { opened, open } = opener();
    const cache = createSessionCache({ maxSessions: 10, idleMs: 60_000 });
    (await cache.acquire('k', open)).release();

    opened[0]?.endFromUpstream();
    const second = await cache.acquire('k', open);
    second.discard();
    const third = await cache.acquire('k', open);

    expect(opened).toHaveLength(3);
    expect(opened[1]?.closed).toBe(true);
    expect(third.session).toBe(opened[2]);
  });

  it('when closed, then every open session is closed', async () => {
    const { opened, open } = opener();
    const cache = createSessionCache({ maxSessions: 10, idleMs: 60_000 });
    await cache.acquire('a', open);
    await cache.acquire('b', open);

    await cache.closeAll();

    expect(opened.every((s) => s.closed)).toBe(true);
    expect(cache.size).toBe(0);
  });
});

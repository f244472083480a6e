import type { UpstreamSession } from '@mcpgw/mcp';

export interface SessionCacheOptions {
  /** Open upstream sessions at most; the least recently used idle one is closed beyond it. */
  maxSessions: number;
  /** A session without calls for this long is closed when the next session is opened. */
  idleMs: number;
  now?: () => number;
}

/** Opens a session; `onClosed` is to be called if the upstream side ends it later. */
export type OpenSession = (onClosed: () => void) => Promise<UpstreamSession>;

interface Entry {
  session: Promise<UpstreamSession>;
  lastUsed: number;
  inFlight: number;
}

export interface SessionLease {
  session: UpstreamSession;
  /** The call is done with the session. */
  release(): void;
  /** The upstream dropped the session: forget and close it (the next acquire opens anew). */
  discard(): void;
}

/**
 * The pool's shared upstream sessions, one per upstream and credential set. On-behalf-of
 * upstreams get one per user token, and tokens rotate, so the set is bounded: idle sessions are
 * closed and, past `maxSessions`, the least recently used idle one goes first. A session with a
 * call in flight is never closed here.
 */
export function createSessionCache(options: SessionCacheOptions) {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  const close = (key: string, entry: Entry): void => {
    if (entries.get(key) === entry) entries.delete(key);
    void entry.session.then((session) => session.close()).catch(() => undefined);
  };
  const evict = (): void => {
    const idleBefore = now() - options.idleMs;
    // Insertion order is use order (entries are re-inserted on use): oldest first.
    for (const [key, entry] of [...entries]) {
      if (entry.inFlight > 0) continue;
      if (entry.lastUsed < idleBefore || entries.size > options.maxSessions) close(key, entry);
    }
  };
  const entryFor = (key: string, open: OpenSession): { entry: Entry; created: boolean } => {
    const existing = entries.get(key);
    if (existing !== undefined) {
      entries.delete(key);
      entries.set(key, existing);
      return { entry: existing, created: false };
    }
    const entry: Entry = {
      session: open(() => {
        if (entries.get(key) === entry) entries.delete(key);
      }),
      lastUsed: now(),
      inFlight: 0,
    };
    entries.set(key, entry);
    // A failed open is retried by the next call rather than cached as an outage.
    entry.session.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
    return { entry, created: true };
  };

  return {
    /** The session for `key`, opened with `open` unless one is cached. */
    async acquire(key: string, open: OpenSession): Promise<SessionLease> {
      const { entry, created } = entryFor(key, open);
      entry.inFlight += 1;
      entry.lastUsed = now();
      // Only a new session can push the set over its bounds; the new one is in flight already.
      if (created) evict();
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        entry.inFlight -= 1;
        entry.lastUsed = now();
      };
      try {
        const session = await entry.session;
        const discard = () => {
          release();
          close(key, entry);
        };
        return { session, release, discard };
      } catch (error) {
        release();
        throw error;
      }
    },
    get size() {
      return entries.size;
    },
    async closeAll(): Promise<void> {
      const open = [...entries.values()];
      entries.clear();
      await Promise.all(
        open.map((entry) =>
          entry.session.then((session) => session.close()).catch(() => undefined),
        ),
      );
    },
  };
}

export type SessionCache = ReturnType<typeof createSessionCache>;

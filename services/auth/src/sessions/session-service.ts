import type { ConsoleSession, LoginTransaction, SessionStore } from './session-store.js';
import { newOpaqueId, storeKey } from './session-ids.js';

export interface SessionTimes {
  absoluteSeconds: number;
  idleSeconds: number;
  /** Lifetime of a login transaction (the user has this long to sign in). */
  loginSeconds: number;
}

export type NewSession = Omit<
  ConsoleSession,
  'kind' | 'key' | 'csrfToken' | 'createdAt' | 'lastSeenAt' | 'expiresAt' | 'absoluteExpiresAt'
>;

export type NewLogin = Pick<LoginTransaction, 'state' | 'nonce' | 'codeVerifier' | 'returnTo'>;

export interface SessionService {
  /** Always a fresh id: an id the browser already had is never promoted to a session. */
  create(input: NewSession): Promise<{ cookieValue: string; session: ConsoleSession }>;
  /** The live session for a cookie value, its idle expiry pushed forward; else undefined. */
  resume(cookieValue: string | undefined): Promise<ConsoleSession | undefined>;
  destroy(cookieValue: string | undefined): Promise<void>;
  beginLogin(input: NewLogin): Promise<string>;
  /** The login transaction for a cookie value, consumed: a second callback finds nothing. */
  redeemLogin(cookieValue: string | undefined): Promise<LoginTransaction | undefined>;
  sweep(): Promise<number>;
}

export function createSessionService(
  store: SessionStore,
  times: SessionTimes,
  now: () => number = Date.now,
): SessionService {
  const idleUntil = (at: number, absolute: number) =>
    Math.min(absolute, at + times.idleSeconds * 1000);
  return {
    async create(input) {
      const cookieValue = newOpaqueId();
      const at = now();
      const absoluteExpiresAt = at + times.absoluteSeconds * 1000;
      const session: ConsoleSession = {
        ...input,
        kind: 'session',
        key: storeKey(cookieValue),
        csrfToken: newOpaqueId(),
        createdAt: at,
        lastSeenAt: at,
        absoluteExpiresAt,
        expiresAt: idleUntil(at, absoluteExpiresAt),
      };
      await store.put(session);
      return { cookieValue, session };
    },
    async resume(cookieValue) {
      if (cookieValue === undefined) return undefined;
      const at = now();
      const record = await store.get(storeKey(cookieValue), at);
      if (record?.kind !== 'session') return undefined;
      const touched = {
        ...record,
        lastSeenAt: at,
        expiresAt: idleUntil(at, record.absoluteExpiresAt),
      };
      await store.put(touched);
      return touched;
    },
    async destroy(cookieValue) {
      if (cookieValue !== undefined) await store.delete(storeKey(cookieValue));
    },
    async beginLogin(input) {
      const cookieValue = newOpaqueId();
      const at = now();
      await store.put({
        ...input,
        kind: 'login',
        key: storeKey(cookieValue),
        createdAt: at,
        expiresAt: at + times.loginSeconds * 1000,
      });
      return cookieValue;
    },
    async redeemLogin(cookieValue) {
      if (cookieValue === undefined) return undefined;
      const record = await store.take(storeKey(cookieValue), now());
      return record?.kind === 'login' ? record : undefined;
    },
    sweep: () => store.sweep(now()),
  };
}

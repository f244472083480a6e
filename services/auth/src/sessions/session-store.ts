/** A signed-in console user. Kept server side; the browser holds only the random id. */
export interface ConsoleSession {
  kind: 'session';
  /** SHA-256 of the cookie value: a leaked store row cannot be replayed as a cookie. */
  key: string;
  subject: string;
  username: string;
  name: string;
  groups: string[];
  roles: string[];
  scopes: string[];
  /** Synchronizer CSRF token, returned by GET /auth/session and required on every write. */
  csrfToken: string;
  /** For RP-initiated logout (id_token_hint). Never sent to the browser. */
  idToken: string;
  /** The user's access token, for on-behalf-of calls made by the console back end. */
  accessToken: string;
  accessTokenExpiresAt: number;
  createdAt: number;
  lastSeenAt: number;
  /** Epoch ms; the earlier of absolute and idle expiry, recomputed on every touch. */
  expiresAt: number;
  absoluteExpiresAt: number;
}

/** An authorization request in flight: what the callback must match. Used once. */
export interface LoginTransaction {
  kind: 'login';
  key: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  createdAt: number;
  expiresAt: number;
}

export type SessionRecord = ConsoleSession | LoginTransaction;

/**
 * Storage port for sessions and login transactions. Adapters must treat a record whose
 * `expiresAt` has passed as absent (and may delete it), since no store is trusted to expire
 * records on time by itself.
 */
export interface SessionStore {
  put(record: SessionRecord): Promise<void>;
  get(key: string, now: number): Promise<SessionRecord | undefined>;
  /** Reads and deletes in one step, so a login transaction can be redeemed only once. */
  take(key: string, now: number): Promise<SessionRecord | undefined>;
  delete(key: string): Promise<void>;
  /** Deletes every expired record; returns how many. */
  sweep(now: number): Promise<number>;
}

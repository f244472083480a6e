import type { Adapter, AdapterConstructor, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  /** Epoch milliseconds; undefined = until evicted. */
  expiresAt: number | undefined;
}

const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * In-memory storage for the provider's sessions, grants and interactions. The provider ships
 * one too, but it warns on the console at every start; this one is explicit about its limits:
 * lost on restart (fine for a dev/test provider: JWT access tokens are not stored at all) and
 * bounded, dropping the oldest entries first.
 */
export function createMemoryAdapter(maxEntries = DEFAULT_MAX_ENTRIES): AdapterConstructor {
  const entries = new Map<string, Entry>();
  const keysByGrant = new Map<string, Set<string>>();
  const uidIndex = new Map<string, string>();
  const userCodeIndex = new Map<string, string>();

  // Indexes are cleaned with their entry so that they stay as bounded as the entries.
  const remove = (key: string): void => {
    const payload = entries.get(key)?.payload;
    entries.delete(key);
    if (payload === undefined) return;
    if (payload.uid !== undefined) uidIndex.delete(payload.uid);
    if (payload.userCode !== undefined) userCodeIndex.delete(payload.userCode);
    if (payload.grantId !== undefined) {
      const keys = keysByGrant.get(payload.grantId);
      keys?.delete(key);
      if (keys?.size === 0) keysByGrant.delete(payload.grantId);
    }
  };

  const live = (key: string): AdapterPayload | undefined => {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      remove(key);
      return undefined;
    }
    return entry.payload;
  };

  const evictOldest = (): void => {
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done === true) return;
      remove(oldest.value);
    }
  };

  return class MemoryAdapter implements Adapter {
    constructor(private readonly model: string) {}

    private key(id: string): string {
      return `${this.model}:${id}`;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      const key = this.key(id);
      remove(key);
      const expiresAt = expiresIn === undefined ? undefined : Date.now() + expiresIn * 1000;
      entries.set(key, { payload, expiresAt });
      if (payload.grantId !== undefined) {
        const keys = keysByGrant.get(payload.grantId) ?? new Set<string>();
        keysByGrant.set(payload.grantId, keys.add(key));
      }
      if (payload.uid !== undefined) uidIndex.set(payload.uid, id);
      if (payload.userCode !== undefined) userCodeIndex.set(payload.userCode, id);
      evictOldest();
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return live(this.key(id));
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const id = uidIndex.get(uid);
      return id === undefined ? undefined : live(this.key(id));
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const id = userCodeIndex.get(userCode);
      return id === undefined ? undefined : live(this.key(id));
    }

    async consume(id: string): Promise<void> {
      const payload = live(this.key(id));
      if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id: string): Promise<void> {
      remove(this.key(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      for (const key of [...(keysByGrant.get(grantId) ?? [])]) remove(key);
    }
  };
}

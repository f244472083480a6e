import type { ServingState } from '../serving/serving-types.js';

/** A tool whose live definition no longer matches its pin. */
export interface WithheldTool {
  serverId: string;
  version: string;
  name: string;
  pinnedHash: string;
  liveHash: string;
  /** The registry has the report (or refused it for good); no further report is sent. */
  reported: boolean;
}

const keyOf = (t: { serverId: string; version: string; name: string }) =>
  `${t.serverId}\u0000${t.version}\u0000${t.name}`;

/** The set of withheld tools; `generation` changes on every change so views can be cached. */
export function createWithheldTools() {
  const entries = new Map<string, WithheldTool>();
  let generation = 0;
  return {
    get generation(): number {
      return generation;
    },
    get size(): number {
      return entries.size;
    },
    get(t: { serverId: string; version: string; name: string }): WithheldTool | undefined {
      return entries.get(keyOf(t));
    },
    values(): WithheldTool[] {
      return [...entries.values()];
    },
    /** Withholds the tool; true when this live hash is news (not withheld, or another hash). */
    withhold(t: Omit<WithheldTool, 'reported'>): boolean {
      const existing = entries.get(keyOf(t));
      if (existing?.liveHash === t.liveHash) return false;
      entries.set(keyOf(t), { ...t, reported: false });
      generation += 1;
      return true;
    },
    release(t: { serverId: string; version: string; name: string }): boolean {
      const released = entries.delete(keyOf(t));
      if (released) generation += 1;
      return released;
    },
    /**
     * A new snapshot: a tool whose new pin equals the live hash (re-approved) or that is no
     * longer served is released; the rest stay withheld. True when anything was released.
     */
    reconcile(state: ServingState): boolean {
      let changed = false;
      for (const entry of entries.values()) {
        const tool = state.servers.get(entry.serverId)?.versions.get(entry.version)?.tools;
        const pinned = tool?.get(entry.name)?.pinnedHash;
        if (pinned === undefined || pinned === entry.liveHash) {
          changed = this.release(entry) || changed;
        } else {
          entry.pinnedHash = pinned;
        }
      }
      return changed;
    },
  };
}

export type WithheldTools = ReturnType<typeof createWithheldTools>;

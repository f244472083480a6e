/**
 * A tiny fan-out for "the tools agents may see changed". The drift monitor and the snapshot
 * hook emit; the MCP endpoint listens and notifies its open sessions.
 */
export interface ToolsListChangedSignal {
  subscribe(listener: () => void): () => void;
  emit(): void;
}

export function createToolsListChangedSignal(): ToolsListChangedSignal {
  const listeners = new Set<() => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit() {
      for (const listener of listeners) {
        try {
          listener();
        } catch {
          // A failing listener must not keep the others from hearing about the change.
        }
      }
    },
  };
}

import type { AuditLog } from './audit/audit-log.js';
import type { Clock } from './ports/clock.js';
import type { CollectionName, DocumentStore } from './ports/document-store.js';

/** Structural logger so the domain never imports winston. */
export interface DomainLogger {
  info(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
  error(message: string, meta?: Record<string, unknown>): unknown;
}

/**
 * Tells in-process readers (snapshot builder, search index) that a collection changed, so they
 * rebuild at once instead of waiting for their periodic refresh (which covers changes made by
 * other registry tasks).
 */
export interface ChangeNotifier {
  notify(collection: CollectionName): void;
  subscribe(listener: (collection: CollectionName) => void): () => void;
}

export function createChangeNotifier(): ChangeNotifier {
  const listeners = new Set<(collection: CollectionName) => void>();
  return {
    notify(collection) {
      for (const listener of listeners) listener(collection);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** What every registry use case gets: built once in main.ts, passed down by hand. */
export interface RegistryContext {
  readonly store: DocumentStore;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly changes: ChangeNotifier;
  readonly logger: DomainLogger;
}

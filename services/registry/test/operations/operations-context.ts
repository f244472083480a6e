import { Writable } from 'node:stream';
import { createLogger } from '@mcpgw/logger';
import { createAuditLog } from '../../src/domain/audit/audit-log.js';
import type { Clock } from '../../src/domain/ports/clock.js';
import { createChangeNotifier, type RegistryContext } from '../../src/domain/registry-context.js';
import type { CollectionName } from '../../src/domain/ports/document-store.js';
import { createMemoryDocumentStore } from '../../src/data-access/memory/memory-document-store.js';

/** A registry context on the in-memory store, recording change notifications for assertions. */
export function createOperationsContext(clock: Clock = { now: () => new Date() }): {
  ctx: RegistryContext;
  notified: CollectionName[];
} {
  const store = createMemoryDocumentStore();
  const silent = new Writable({ write: (_c, _e, cb) => cb() });
  const changes = createChangeNotifier();
  const notified: CollectionName[] = [];
  changes.subscribe((collection) => notified.push(collection));
  const ctx: RegistryContext = {
    store,
    clock,
    audit: createAuditLog({ store, clock, instance: 'registry-test' }),
    changes,
    logger: createLogger({ service: 'registry-test', level: 'error', stream: silent }),
  };
  return { ctx, notified };
}

import { createMemoryDocumentStore } from '../../../src/data-access/memory/memory-document-store.js';
import { createMirroredStore } from '../../../src/data-access/mirror/mirrored-store.js';
import { createChangeNotifier } from '../../../src/domain/registry-context.js';
import { describeDocumentStoreContract } from '../document-store-contract.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

// The contract's collection is `servers`, which is mirrored: scans come from memory.
describeDocumentStoreContract('mirrored memory', async () => {
  const store = createMirroredStore(createMemoryDocumentStore(), {
    syncMs: 3_600_000,
    fullResyncMs: 3_600_000,
    clock: { now: () => new Date() },
    logger: silent,
    changes: createChangeNotifier(),
  });
  await store.start();
  return { store, cleanup: () => store.close() };
});

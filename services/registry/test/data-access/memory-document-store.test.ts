import { createMemoryDocumentStore } from '../../src/data-access/memory/memory-document-store.js';
import { describeDocumentStoreContract } from './document-store-contract.js';

describeDocumentStoreContract('memory', async () => ({
  store: createMemoryDocumentStore(),
  cleanup: async () => undefined,
}));

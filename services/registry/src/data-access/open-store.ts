import { connectMongo } from '@mcpgw/mongo';
import type { RegistryConfig } from '../config.js';
import type { DomainLogger } from '../domain/registry-context.js';
import type { DocumentStore } from '../domain/ports/document-store.js';
import { openSnapshottedMemoryStore } from './memory/file-snapshot.js';
import { createMemoryDocumentStore } from './memory/memory-document-store.js';
import { createMongoDocumentStore } from './mongo/mongo-document-store.js';

/** Picks the store adapter from configuration (ADR 0003). */
export async function openStore(
  config: Readonly<RegistryConfig>,
  logger: DomainLogger,
): Promise<DocumentStore> {
  if (config.REGISTRY_STORE === 'mongo') {
    const connection = await connectMongo({
      // Presence is enforced by the config schema when REGISTRY_STORE=mongo.
      uri: config.REGISTRY_MONGO_URI ?? '',
      dbName: config.REGISTRY_MONGO_DB,
      tls: config.REGISTRY_MONGO_TLS,
      ...(config.REGISTRY_MONGO_TLS_CA_FILE
        ? { tlsCaFile: config.REGISTRY_MONGO_TLS_CA_FILE }
        : {}),
      appName: 'mcpgw-registry',
    });
    return createMongoDocumentStore(connection);
  }
  if (config.REGISTRY_MEMORY_SNAPSHOT_FILE) {
    return openSnapshottedMemoryStore({
      file: config.REGISTRY_MEMORY_SNAPSHOT_FILE,
      debounceMs: config.REGISTRY_MEMORY_SNAPSHOT_DEBOUNCE_MS,
      onError: (error) =>
        logger.error('memory store snapshot write failed', { error: String(error) }),
    });
  }
  return createMemoryDocumentStore();
}

import { connectMongo } from '@mcpgw/mongo';
import type { Logger } from '@mcpgw/logger';
import type { AuthConfig } from '../config.js';
import { createMemorySessionStore } from './memory-session-store.js';
import { createMongoSessionStore } from './mongo-session-store.js';
import type { SessionStore } from './session-store.js';

export interface OpenedSessionStore {
  store: SessionStore;
  /** Starts the periodic sweep of expired records; returns the stopper. */
  startSweeping(sweep: () => Promise<number>): () => void;
  close(): Promise<void>;
}

type StoreConfig = Pick<
  AuthConfig,
  | 'AUTH_SESSION_STORE'
  | 'AUTH_MONGO_URI'
  | 'AUTH_MONGO_DB'
  | 'AUTH_MONGO_TLS'
  | 'AUTH_MONGO_TLS_CA_FILE'
  | 'AUTH_SESSION_SWEEP_SECONDS'
>;

/** The configured session store, plus its sweeper (expiry never relies on TTL indexes). */
export async function openSessionStore(
  config: StoreConfig,
  logger: Logger,
): Promise<OpenedSessionStore> {
  let store: SessionStore;
  let close = async (): Promise<void> => undefined;
  if (config.AUTH_SESSION_STORE === 'mongo') {
    const connection = await connectMongo({
      uri: config.AUTH_MONGO_URI ?? '',
      dbName: config.AUTH_MONGO_DB,
      tls: config.AUTH_MONGO_TLS,
      ...(config.AUTH_MONGO_TLS_CA_FILE === undefined
        ? {}
        : { tlsCaFile: config.AUTH_MONGO_TLS_CA_FILE }),
      appName: 'mcpgw-auth',
    });
    const mongoStore = createMongoSessionStore(connection.db);
    await mongoStore.ensureIndexes();
    store = mongoStore;
    close = () => connection.close();
  } else {
    store = createMemorySessionStore();
  }
  const startSweeping = (sweep: () => Promise<number>) => {
    const timer = setInterval(() => {
      sweep()
        .then((removed) => {
          if (removed > 0) logger.debug('expired sessions swept', { removed });
        })
        .catch((error: unknown) =>
          logger.warn('session sweep failed', {
            error: error instanceof Error ? error.message : String(error),
          }),
        );
    }, config.AUTH_SESSION_SWEEP_SECONDS * 1000);
    timer.unref();
    return () => clearInterval(timer);
  };
  return { store, startSweeping, close };
}

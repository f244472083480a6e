import { MongoClient, type Db } from 'mongodb';
import { appError } from '@mcpgw/errors';
import { buildMongoClientOptions } from './build-mongo-client-options.js';
import { maskMongoUri, scrubSecrets } from './mask-mongo-uri.js';
import type { MongoSettings } from './mongo-settings.js';
import { pingMongo } from './ping-mongo.js';

export interface MongoConnection {
  client: MongoClient;
  db: Db;
  close(): Promise<void>;
}

/**
 * Connects and pings, so a returned connection is known to work. Invalid settings reject with
 * CONFIG_INVALID; an unreachable or refusing server rejects with NOT_READY. Neither message nor
 * cause carries the URI's password.
 */
export async function connectMongo(settings: MongoSettings): Promise<MongoConnection> {
  const options = buildMongoClientOptions(settings);
  const client = new MongoClient(settings.uri, options);
  try {
    await client.connect();
    const db = client.db(settings.dbName);
    await pingMongo(db, options.serverSelectionTimeoutMS);
    return { client, db, close: () => client.close() };
  } catch (err) {
    await client.close().catch(() => undefined);
    throw appError('NOT_READY', `Cannot connect to MongoDB at ${maskMongoUri(settings.uri)}.`, {
      cause: sanitizedCause(err, settings.uri),
    });
  }
}

// Driver errors can quote the connection string; rebuild the cause from scrubbed text only.
function sanitizedCause(err: unknown, uri: string): Error {
  const source = err instanceof Error ? err : new Error(String(err));
  const detail =
    source.cause instanceof Error ? `${source.message} (${source.cause.message})` : source.message;
  const cause = new Error(maskMongoUri(scrubSecrets(detail, uri)));
  cause.name = source.name;
  return cause;
}

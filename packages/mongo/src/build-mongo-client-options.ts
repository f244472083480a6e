import type { MongoClientOptions } from 'mongodb';
import { appError } from '@mcpgw/errors';
import { MONGO_DEFAULTS, validateMongoSettings, type MongoSettings } from './mongo-settings.js';
import { maskMongoUri } from './mask-mongo-uri.js';

/**
 * Driver options for DocumentDB, FerretDB and MongoDB alike. `retryWrites` is always false:
 * DocumentDB rejects retryable writes, and store code must not depend on them anywhere.
 * Throws CONFIG_INVALID listing every problem; the message shows the URI masked.
 */
export function buildMongoClientOptions(settings: MongoSettings): MongoClientOptions {
  const problems = validateMongoSettings(settings);
  if (problems.length > 0) {
    throw appError(
      'CONFIG_INVALID',
      `MongoDB settings for ${maskMongoUri(settings.uri)} are invalid: ${problems.join('; ')}`,
      { details: { problems } },
    );
  }
  const options: MongoClientOptions = {
    retryWrites: false,
    connectTimeoutMS: settings.connectTimeoutMs ?? MONGO_DEFAULTS.connectTimeoutMs,
    serverSelectionTimeoutMS:
      settings.serverSelectionTimeoutMs ?? MONGO_DEFAULTS.serverSelectionTimeoutMs,
    socketTimeoutMS: settings.socketTimeoutMs ?? MONGO_DEFAULTS.socketTimeoutMs,
    maxPoolSize: settings.maxPoolSize ?? MONGO_DEFAULTS.maxPoolSize,
  };
  if (settings.tls !== undefined) options.tls = settings.tls;
  if (settings.tlsCaFile !== undefined) options.tlsCAFile = settings.tlsCaFile;
  if (settings.appName !== undefined) options.appName = settings.appName;
  return options;
}

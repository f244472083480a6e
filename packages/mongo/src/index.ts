export {
  MONGO_DEFAULTS,
  mongoUriHosts,
  validateMongoSettings,
  type MongoSettings,
} from './mongo-settings.js';
export { maskMongoUri } from './mask-mongo-uri.js';
export { buildMongoClientOptions } from './build-mongo-client-options.js';
export { connectMongo, type MongoConnection } from './connect-mongo.js';
export { pingMongo, DEFAULT_PING_TIMEOUT_MS } from './ping-mongo.js';
export { ensureIndexes, indexDiffers } from './ensure-indexes.js';
export { validateIndexSpecs, type IndexSpec } from './index-spec.js';

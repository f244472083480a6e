export { extractBearerToken } from './bearer-token.js';
export { createCachingVerifier, type CachingVerifierOptions } from './caching-verifier.js';
export {
  createGroupMapper,
  type GroupGrant,
  type GroupMapper,
  type GroupMapping,
} from './group-mapper.js';
export { MAX_TOKEN_LENGTH } from './inspect-token.js';
export { parseGroups, parseScopes } from './parse-scopes.js';
export type { Principal } from './principal.js';
export type { TokenRejectReason } from './token-errors.js';
export {
  createTokenVerifier,
  type ObservableTokenVerifier,
  type TokenVerifier,
} from './token-verifier.js';
export {
  DEFAULT_ALGORITHMS,
  type TokenVerifierOptions,
  type TrustedIssuerConfig,
} from './verifier-options.js';
export type { VerifierStats } from './verifier-stats.js';

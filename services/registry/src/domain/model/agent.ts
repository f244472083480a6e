import type { Environment } from './lifecycle.js';
import type { StoredDocument } from '../ports/document-store.js';

/** An agent in the directory. Its identity and secret live in Keycloak; no secret is stored here. */
export interface Agent extends StoredDocument {
  /** = the Keycloak client id. */
  readonly id: string;
  readonly owner: string;
  readonly team: string;
  readonly description: string;
  readonly environments: readonly Environment[];
  readonly grantedScopes: readonly string[];
  /** serverId → version the agent is pinned to (else it gets the newest approved one). */
  readonly versionPins: Readonly<Record<string, string>>;
  readonly status: 'active' | 'revoked';
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

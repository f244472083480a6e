import type { StoredDocument } from '../ports/document-store.js';

/** A scope of the catalog, e.g. `crm.read`; synced to Keycloak as a client scope. */
export interface Scope extends StoredDocument {
  /** = name: `^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$`. */
  readonly id: string;
  readonly description: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

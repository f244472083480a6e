import type { StoredDocument } from '../ports/document-store.js';

/**
 * A stored policy. `rule` is the @mcpgw/policy Policy (validated with its validatePolicy on
 * every write); kept as a plain object here so the store never depends on the engine.
 */
export interface PolicyRecord extends StoredDocument {
  readonly id: string;
  readonly rule: Readonly<Record<string, unknown>>;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

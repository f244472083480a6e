import type { DataClassification, RiskLevel } from './classification.js';
import type { Environment } from './lifecycle.js';
import type { StoredDocument } from '../ports/document-store.js';

/**
 * A backend credential *reference*: where the gateway finds the secret and how it injects it.
 * The value never enters the registry.
 */
export interface CredentialRef {
  /** Secrets Manager ARN (production) or `env:NAME` / `file:/path` for local runs. */
  readonly source: string;
  /** For JSON secrets: the key whose value to use. */
  readonly jsonKey?: string;
  /** The upstream request header to set, e.g. `Authorization` or `X-Api-Key`. */
  readonly header: string;
  /** Header value template; `{{secret}}` is replaced by the secret value, e.g. `Bearer {{secret}}`. */
  readonly template: string;
}

export interface HealthCheckSettings {
  readonly intervalSeconds: number;
  readonly timeoutMs: number;
  readonly failureThreshold: number;
}

export const DEFAULT_HEALTH_CHECK: HealthCheckSettings = Object.freeze({
  intervalSeconds: 60,
  timeoutMs: 5_000,
  failureThreshold: 3,
});

/** The catalog entry for an MCP server; versions carry URLs, definitions and lifecycle. */
export interface Server extends StoredDocument {
  /** = slug. Lowercase, `^[a-z][a-z0-9-]{1,47}$`; the gateway namespace (`<slug>__<tool>`). */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Business capability, e.g. `crm`, `billing`. */
  readonly capability: string;
  readonly ownerTeam: string;
  readonly technicalOwner: string;
  readonly environments: readonly Environment[];
  readonly tags: readonly string[];
  readonly riskLevel: RiskLevel;
  readonly dataClassification: DataClassification;
  readonly credentialRefs: readonly CredentialRef[];
  readonly healthCheck: HealthCheckSettings;
  /** When set, the gateway exchanges the user's token for one with this audience (on-behalf-of). */
  readonly onBehalfOfAudience?: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

import type { Transport } from './classification.js';
import type { LifecycleAction, LifecycleStatus } from './lifecycle.js';
import type { StoredDocument } from '../ports/document-store.js';

export type DefinitionKind = 'tool' | 'resource' | 'resource_template' | 'prompt';

/** A poisoning-scan finding as produced by @mcpgw/definitions' scanDefinition. */
export interface Finding {
  readonly kind: string;
  readonly field: string;
  readonly severity: 'low' | 'medium' | 'high';
  readonly excerpt: string;
  readonly rule: string;
}

export interface DriftInfo {
  readonly detectedAt: string;
  /** Hash of the live definition that no longer matches the pin. */
  readonly liveHash: string;
  /** Who noticed: the registry's periodic re-discovery or a gateway report. */
  readonly source: 'registry' | 'gateway';
  readonly reporter?: string;
  /**
   * The live definition as the registry re-discovered it. The pinned `body` stays in place so
   * reviewers compare what was approved with what the upstream serves now; a gateway report
   * carries only the hash, so these are absent until the next re-discovery.
   */
  readonly liveBody?: Readonly<Record<string, unknown>>;
  readonly liveFindings?: readonly Finding[];
}

/** One tool, resource, resource template or prompt of a version, as discovered and reviewed. */
export interface Definition {
  readonly kind: DefinitionKind;
  /** Tool/prompt name, resource URI, or resource template URI template. */
  readonly name: string;
  /** The definition exactly as the server listed it. */
  readonly body: Readonly<Record<string, unknown>>;
  /** `sha256:<hex>` of the canonical JSON of `body`. */
  readonly hash: string;
  /** Set at approval: the hash the gateway will accept. */
  readonly pinnedHash?: string;
  readonly findings: readonly Finding[];
  /** Scopes a principal needs to see and call it (set during review). */
  readonly requiredScopes: readonly string[];
  readonly drift?: DriftInfo;
}

export interface Transition {
  readonly action: LifecycleAction | 'create' | 'accept_findings' | 'rediscover' | 'accept_drift';
  readonly from: LifecycleStatus | null;
  readonly to: LifecycleStatus;
  readonly actor: string;
  readonly reason: string;
  readonly at: string;
}

export interface DiscoveryInfo {
  readonly at: string;
  readonly ok: boolean;
  readonly era?: string;
  readonly protocolVersion?: string;
  readonly serverInfo?: {
    readonly name: string;
    readonly version: string;
    readonly title?: string;
  };
  readonly error?: string;
}

export interface FindingsAcceptance {
  readonly by: string;
  readonly at: string;
  readonly reason: string;
  /** Hashes of the definitions whose findings were accepted; a changed definition needs a new acceptance. */
  readonly definitionHashes: readonly string[];
}

/** One version of a server. Several versions can be approved at once. */
export interface ServerVersion extends StoredDocument {
  /** `<serverId>@<version>`. */
  readonly id: string;
  readonly serverId: string;
  /** Semantic version string, e.g. `1.4.0`. */
  readonly version: string;
  readonly url: string;
  readonly transport: Transport;
  readonly status: LifecycleStatus;
  /** Highest environment approved before deprecation, so a deprecated version keeps serving where it did. */
  readonly approvedFor: readonly ('dev' | 'prod')[];
  readonly retireAt?: string;
  readonly history: readonly Transition[];
  readonly discovery?: DiscoveryInfo;
  readonly definitions: readonly Definition[];
  readonly findingsAcceptance?: FindingsAcceptance;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

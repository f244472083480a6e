import type { MongoSettings } from '@mcpgw/mongo';
import type { SecretStore } from './secret-store.js';
import type { Environment } from './step-names.js';

export interface ServiceEndpoint {
  readonly name: 'registry' | 'auth' | 'gateway';
  /** Base URL; `/healthz` and `/readyz` are appended. */
  readonly url: string;
}

/** Everything the steps need, resolved from Terraform outputs or the local test environment. */
export interface SetupContext {
  readonly env: Environment;
  readonly dryRun: boolean;
  readonly realm: string;
  readonly keycloakUrl: string;
  readonly keycloakAdmin: () => Promise<{ username: string; password: string }>;
  /** Public base URL of the registry (console redirect URIs derive from it). */
  readonly registryUrl: string;
  /** The gateway resource URI: `aud` of every agent token. */
  readonly gatewayAudience: string;
  /** The gateway's MCP endpoint for the smoke test's tools/list. */
  readonly gatewayMcpUrl?: string;
  readonly services: readonly ServiceEndpoint[];
  /** Not running services fail (true) or are skipped (false) by the health step. */
  readonly requireServices: boolean;
  readonly mongo: () => Promise<MongoSettings>;
  readonly secrets: SecretStore;
  readonly adminUser: {
    readonly username: string;
    readonly email?: string;
    /** Secret holding `{ "password": "…" }` (or a bare string); undefined → the step fails. */
    readonly passwordSecretId?: string;
    /** Local only: create the secret with a random password when absent. */
    readonly createSecretIfMissing: boolean;
  };
  /** Secret receiving `{ clientId, clientSecret }` of `mcp-gateway`, when known. */
  readonly gatewayCredentialsSecretId?: string;
  readonly createGatewayCredentialsSecret: boolean;
  /** The service secrets the `app-secrets` step fills; an absent id is reported, not written. */
  readonly appSecrets: AppSecrets;
  readonly seedDir: string;
  readonly smokeAgentId: string;
  /** Progress output; never receives secret values. */
  readonly log: (line: string) => void;
}

export interface AppSecrets {
  /** Receives `{ "uri": … }`: the services' DocumentDB connection string (TLS set separately). */
  readonly documentDbUriSecretId?: string;
  /** Receives `{ "clientSecret": … }` of the `mcp-console` client (the auth service's login). */
  readonly consoleClientSecretId?: string;
  /**
   * Receives `{ "secret": … }`: the key every gateway task signs list cursors with. Generated
   * once when empty; an existing key of at least 32 characters is never replaced.
   */
  readonly gatewayCursorSecretId?: string;
  /** Local only: create the secrets when absent (in AWS Terraform creates them empty). */
  readonly createIfMissing: boolean;
}

import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { createSecretStore } from './secret-store.js';
import type { SetupContext } from './setup-context.js';

const TestEnvFile = z.object({
  keycloak: z.object({
    url: z.url(),
    adminUser: z.string().min(1),
    adminPassword: z.string().min(1),
  }),
  moto: z.object({
    endpoint: z.url(),
    region: z.string().min(1),
    accessKeyId: z.string().min(1),
    secretAccessKey: z.string().min(1),
  }),
  mongo: z.object({ uri: z.string().min(1), dbName: z.string().min(1) }),
});
export type LocalEnv = z.infer<typeof TestEnvFile>;

/** Dev ports of `make dev` (REGISTRY_PORT, AUTH_PORT, GATEWAY_PORT). */
export const LOCAL_DEFAULTS = {
  realm: 'mcpgw',
  registryUrl: 'http://127.0.0.1:7001',
  authUrl: 'http://127.0.0.1:7002',
  gatewayUrl: 'http://127.0.0.1:7003',
  dbName: 'registry',
  adminUsername: 'platform-admin',
  smokeAgentId: 'post-deploy-smoke',
} as const;

export async function readLocalEnv(file: string): Promise<LocalEnv> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw new Error(
      `No usable test environment file at ${file}: run \`npm run test-env:up\` first.`,
    );
  }
  const parsed = TestEnvFile.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.'));
    throw new Error(`${file} lacks or mistypes: ${[...new Set(fields)].join(', ')}`);
  }
  return parsed.data;
}

export interface LocalOverrides {
  readonly realm?: string;
  readonly dbName?: string;
  readonly seedDir: string;
  readonly dryRun: boolean;
  readonly requireServices: boolean;
  readonly log: (line: string) => void;
}

/** `--env local`: the test environment (Keycloak, FerretDB, moto) plus `make dev` defaults. */
export function localContext(env: LocalEnv, o: LocalOverrides): SetupContext {
  const realm = o.realm ?? LOCAL_DEFAULTS.realm;
  return {
    env: 'local',
    dryRun: o.dryRun,
    realm,
    keycloakUrl: env.keycloak.url,
    keycloakAdmin: async () => ({
      username: env.keycloak.adminUser,
      password: env.keycloak.adminPassword,
    }),
    registryUrl: LOCAL_DEFAULTS.registryUrl,
    gatewayAudience: `${LOCAL_DEFAULTS.gatewayUrl}/mcp`,
    gatewayMcpUrl: `${LOCAL_DEFAULTS.gatewayUrl}/mcp`,
    services: [
      { name: 'registry', url: LOCAL_DEFAULTS.registryUrl },
      { name: 'auth', url: LOCAL_DEFAULTS.authUrl },
      { name: 'gateway', url: LOCAL_DEFAULTS.gatewayUrl },
    ],
    requireServices: o.requireServices,
    mongo: async () => ({ uri: env.mongo.uri, dbName: o.dbName ?? LOCAL_DEFAULTS.dbName }),
    secrets: createSecretStore({
      region: env.moto.region,
      endpoint: env.moto.endpoint,
      credentials: { accessKeyId: env.moto.accessKeyId, secretAccessKey: env.moto.secretAccessKey },
    }),
    adminUser: {
      username: LOCAL_DEFAULTS.adminUsername,
      email: 'platform-admin@example.test',
      passwordSecretId: `mcpgw/local/${realm}/platform-admin`,
      createSecretIfMissing: true,
    },
    gatewayCredentialsSecretId: `mcpgw/local/${realm}/registry-service-token`,
    createGatewayCredentialsSecret: true,
    appSecrets: {
      documentDbUriSecretId: `mcpgw/local/${realm}/documentdb-uri`,
      consoleClientSecretId: `mcpgw/local/${realm}/auth-console-client`,
      gatewayCursorSecretId: `mcpgw/local/${realm}/gateway-cursor`,
      createIfMissing: true,
    },
    seedDir: o.seedDir,
    smokeAgentId: LOCAL_DEFAULTS.smokeAgentId,
    log: o.log,
  };
}

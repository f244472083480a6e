import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createSecretStore, secretField, type SecretStore } from './secret-store.js';
import type { SetupContext } from './setup-context.js';
import type { Environment } from './step-names.js';
import { parseTerraformOutputs, type TerraformOutputs } from './terraform-outputs.js';

/** `terraform output -json` in the env root, or a file with that JSON. */
export async function readTerraformOutputs(
  envDir: string,
  outputsFile?: string,
): Promise<TerraformOutputs> {
  let text: string;
  if (outputsFile !== undefined) text = await readFile(outputsFile, 'utf8');
  else {
    const run = promisify(execFile);
    try {
      ({ stdout: text } = await run('terraform', ['output', '-json'], {
        cwd: envDir,
        maxBuffer: 10 * 1024 * 1024,
      }));
    } catch (err) {
      // Only the first line: terraform's stderr may go on to print output values.
      const first = err instanceof Error ? (err.message.split('\n')[0] ?? 'error') : 'error';
      throw new Error(`\`terraform output -json\` failed in ${envDir}: ${first}`, { cause: err });
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('Terraform outputs are not valid JSON.');
  }
  const result = parseTerraformOutputs(json);
  if (!result.ok)
    throw new Error(`Terraform outputs missing or invalid:\n  ${result.problems.join('\n  ')}`);
  return result.outputs;
}

async function credentials(
  secrets: SecretStore,
  id: string,
  what: string,
): Promise<{ username: string; password: string }> {
  const raw = await secrets.get(id);
  const username = raw === undefined ? undefined : secretField(raw, 'username');
  const password = raw === undefined ? undefined : secretField(raw, 'password');
  if (username === undefined || password === undefined) {
    throw new Error(`Secret ${id} (${what}) must hold JSON {"username","password"}.`);
  }
  return { username, password };
}

export interface CloudOverrides {
  readonly realm?: string;
  readonly seedDir: string;
  readonly dryRun: boolean;
  readonly requireServices: boolean;
  /** RDS CA bundle for DocumentDB TLS (global-bundle.pem). */
  readonly tlsCaFile?: string;
  readonly log: (line: string) => void;
}

/** dev/staging/prod: every endpoint and secret reference comes from the Terraform outputs. */
export function cloudContext(
  env: Environment,
  out: TerraformOutputs,
  o: CloudOverrides,
): SetupContext {
  const secrets = createSecretStore({ region: out.aws_region });
  const registryUrl = out.registry_url.replace(/\/+$/, '');
  return {
    env,
    dryRun: o.dryRun,
    realm: o.realm ?? 'mcpgw',
    keycloakUrl: out.keycloak_url.replace(/\/+$/, ''),
    keycloakAdmin: () => credentials(secrets, out.keycloak_admin_secret_arn, 'Keycloak admin'),
    registryUrl,
    gatewayAudience: `${registryUrl}/mcp`,
    gatewayMcpUrl: `${registryUrl}/mcp`,
    // One public origin: the ALB routes /healthz and /readyz to the registry.
    services: [{ name: 'registry', url: registryUrl }],
    requireServices: true,
    mongo: async () => {
      const { username, password } = await credentials(
        secrets,
        out.documentdb_secret_arn,
        'DocumentDB',
      );
      const auth = `${encodeURIComponent(username)}:${encodeURIComponent(password)}`;
      return {
        uri: `mongodb://${auth}@${out.documentdb_endpoint}:${out.documentdb_port}/?replicaSet=rs0&readPreference=secondaryPreferred&retryWrites=false`,
        dbName: 'registry',
        tls: true,
        ...(o.tlsCaFile === undefined ? {} : { tlsCaFile: o.tlsCaFile }),
        appName: 'post-deploy-setup',
      };
    },
    secrets,
    adminUser: {
      username: 'platform-admin',
      ...(out.app_secret_arns['platform-admin'] === undefined
        ? {}
        : { passwordSecretId: out.app_secret_arns['platform-admin'] }),
      createSecretIfMissing: false,
    },
    ...(out.app_secret_arns['registry-service-token'] === undefined
      ? {}
      : { gatewayCredentialsSecretId: out.app_secret_arns['registry-service-token'] }),
    createGatewayCredentialsSecret: false,
    appSecrets: {
      ...(out.app_secret_arns['documentdb-uri'] === undefined
        ? {}
        : { documentDbUriSecretId: out.app_secret_arns['documentdb-uri'] }),
      ...(out.app_secret_arns['auth-console-client'] === undefined
        ? {}
        : { consoleClientSecretId: out.app_secret_arns['auth-console-client'] }),
      ...(out.app_secret_arns['gateway-cursor'] === undefined
        ? {}
        : { gatewayCursorSecretId: out.app_secret_arns['gateway-cursor'] }),
      createIfMissing: false,
    },
    seedDir: o.seedDir,
    smokeAgentId: 'post-deploy-smoke',
    log: o.log,
  };
}

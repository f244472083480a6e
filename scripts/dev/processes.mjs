import { readFileSync } from 'node:fs';
import path from 'node:path';

// The processes `npm run dev` runs, in start order: each one is healthy before the next starts,
// so a later entry may depend on an earlier one. Later issues add entries here (embedded
// identity provider, sample MCP server) without touching the runner.

const DEFAULT_PORTS = { registry: 7001, auth: 7002, gateway: 7003, sampleMcp: 7010 };

/**
 * Where the dev stack keeps its state (generated secrets, the registry's store snapshot):
 * DEV_STATE_DIR, default `.dev`, relative to the repository root unless absolute. Tests point it
 * at a temp dir so they never touch a developer's `.dev/`.
 */
export function devStateDir(env) {
  const raw = env.DEV_STATE_DIR;
  return raw === undefined || raw.trim() === '' ? '.dev' : raw.trim();
}

/** A client secret the embedded provider generated into the state dir (never printed). */
export function devClientSecret(root, clientId, stateDir = '.dev') {
  const file = path.resolve(root, stateDir, 'identity-secrets.json');
  const secrets = JSON.parse(readFileSync(file, 'utf8'));
  const secret = secrets?.clients?.[clientId];
  if (typeof secret !== 'string') throw new Error(`${file} has no secret for ${clientId}`);
  return secret;
}

function portFrom(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name}=${raw} is not a TCP port (1-65535)`);
  }
  return port;
}

/**
 * @param {NodeJS.ProcessEnv} env the runner's environment
 * @returns {Array<{name: string, args: string[], host: string, port: number, env: Record<string,string>, healthPath: string, links: string[]}>}
 */
export function devProcesses(env) {
  const host = '127.0.0.1';
  const ports = {
    registry: portFrom(env, 'REGISTRY_PORT', DEFAULT_PORTS.registry),
    auth: portFrom(env, 'AUTH_PORT', DEFAULT_PORTS.auth),
    gateway: portFrom(env, 'GATEWAY_PORT', DEFAULT_PORTS.gateway),
    sampleMcp: portFrom(env, 'SAMPLE_MCP_PORT', DEFAULT_PORTS.sampleMcp),
  };
  // Every service sees every port, so services can find each other as wiring grows.
  const shared = {
    LOG_LEVEL: env.LOG_LEVEL ?? 'info',
    REGISTRY_PORT: String(ports.registry),
    AUTH_PORT: String(ports.auth),
    GATEWAY_PORT: String(ports.gateway),
    REGISTRY_HOST: host,
    AUTH_HOST: host,
    GATEWAY_HOST: host,
    SAMPLE_MCP_PORT: String(ports.sampleMcp),
    SAMPLE_MCP_HOST: host,
  };
  const service = (name, infoPath) => ({
    name,
    args: [`services/${name}/dist/main.js`],
    host,
    port: ports[name],
    env: shared,
    healthPath: '/healthz',
    links: [infoPath, '/healthz', '/readyz', '/metrics'],
  });
  const stateDir = devStateDir(env);
  const urlOf = (port) => `http://${host}:${port}`;
  const issuer = `${urlOf(ports.auth)}/auth/realms/dev`;
  const gatewayResource = `${urlOf(ports.gateway)}/mcp`;
  const withEnv = (proc, extra) => ({ ...proc, env: { ...shared, ...extra } });
  // Order matters: the identity provider first (everyone trusts it), then the sample MCP server,
  // then the registry, which registers, discovers and approves the sample server at start.
  const auth = withEnv(service('auth', '/auth/info'), {
    AUTH_MODE: 'embedded',
    AUTH_PUBLIC_URL: urlOf(ports.auth),
    AUTH_GATEWAY_RESOURCE: gatewayResource,
    AUTH_DEV_SECRETS_FILE: path.join(stateDir, 'identity-secrets.json'),
  });
  const sampleMcp = {
    name: 'sample-mcp',
    args: ['services/sample-mcp-server/dist/main.js'],
    host,
    port: ports.sampleMcp,
    env: shared,
    healthPath: '/healthz',
    links: ['/mcp', '/healthz'],
  };
  const registry = {
    ...withEnv(service('registry', '/info'), {
      REGISTRY_OIDC_ISSUER: issuer,
      REGISTRY_TOKEN_AUDIENCES: gatewayResource,
      REGISTRY_STORE: 'memory',
      REGISTRY_MEMORY_SNAPSHOT_FILE: path.join(stateDir, 'registry-store.json'),
      REGISTRY_DEV_SEED: 'true',
      REGISTRY_DEV_SAMPLE_SERVER_URL: `${urlOf(ports.sampleMcp)}/mcp`,
      // The sample server runs on loopback, which the SSRF guard blocks unless allow-listed.
      REGISTRY_ALLOW_PRIVATE_NETWORKS: `${host}/32`,
      // Agents and scopes created in the registry become clients of the embedded provider.
      REGISTRY_AUTH_ADMIN_URL: urlOf(ports.auth),
      REGISTRY_AUTH_TOKEN_URL: `${issuer}/token`,
      REGISTRY_AUTH_CLIENT_ID: 'mcp-registry',
    }),
    lateEnv: (root) => ({
      REGISTRY_AUTH_CLIENT_SECRET: devClientSecret(root, 'mcp-registry', stateDir),
    }),
  };
  const gateway = {
    ...withEnv(service('gateway', '/info'), {
      GATEWAY_ENVIRONMENT: 'dev',
      GATEWAY_RESOURCE_URL: gatewayResource,
      GATEWAY_OIDC_ISSUER: issuer,
      GATEWAY_REGISTRY_URL: urlOf(ports.registry),
      GATEWAY_TOKEN_URL: `${issuer}/token`,
      GATEWAY_CLIENT_ID: 'mcp-gateway',
      // On-behalf-of servers: agent tokens are exchanged at the embedded provider.
      GATEWAY_TOKEN_EXCHANGE_URL: `${urlOf(ports.auth)}/auth/token-exchange`,
      GATEWAY_AUDIT_SINK: 'stdout',
      GATEWAY_UPSTREAM_ALLOW_PRIVATE_NETWORKS: `${host}/32`,
    }),
    // The embedded provider generates the gateway's client secret at its first start.
    lateEnv: (root) => ({
      GATEWAY_CLIENT_SECRET: devClientSecret(root, 'mcp-gateway', stateDir),
    }),
  };
  return [auth, sampleMcp, registry, gateway];
}

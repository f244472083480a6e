// The processes `npm run dev` runs, in start order: each one is healthy before the next starts,
// so a later entry may depend on an earlier one. Later issues add entries here (embedded
// identity provider, sample MCP server) without touching the runner.

const DEFAULT_PORTS = { registry: 7001, auth: 7002, gateway: 7003 };

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
  return [service('registry', '/info'), service('auth', '/auth/info'), service('gateway', '/info')];
}

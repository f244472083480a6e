/** The gateway keys without defaults, with values for tests that never reach these services. */
export const REQUIRED_ENV = {
  GATEWAY_OIDC_ISSUER: 'http://127.0.0.1:7002/auth/realms/dev',
  GATEWAY_REGISTRY_URL: 'http://127.0.0.1:7001',
  GATEWAY_TOKEN_URL: 'http://127.0.0.1:7002/auth/realms/dev/token',
  GATEWAY_CLIENT_SECRET: 'test-client-secret-not-real',
  GATEWAY_AUDIT_SINK: 'stdout',
} as const;

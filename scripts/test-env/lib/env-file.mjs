// env.json (read by @mcpgw/testing's loadTestEnv) and a shell-sourcable twin.
import { rmSync } from 'node:fs';
import { envJsonFile, envShellFile } from './paths.mjs';
import { writePrivate } from './state.mjs';

const quote = (value) => `'${String(value).replaceAll("'", `'\\''`)}'`;

export function writeEnvFiles(env) {
  writePrivate(envJsonFile, `${JSON.stringify(env, null, 2)}\n`);
  const vars = {
    MCPGW_TEST_ENV_FILE: envJsonFile,
    MCPGW_TEST_MONGO_URI: env.mongo.uri,
    MCPGW_TEST_MONGO_DB: env.mongo.dbName,
    MCPGW_TEST_PG_HOST: env.postgres.host,
    MCPGW_TEST_PG_PORT: env.postgres.port,
    MCPGW_TEST_PG_USER: env.postgres.user,
    MCPGW_TEST_PG_PASSWORD: env.postgres.password,
    MCPGW_TEST_PG_DATABASE: env.postgres.database,
    MCPGW_TEST_KEYCLOAK_URL: env.keycloak.url,
    MCPGW_TEST_KEYCLOAK_ADMIN_USER: env.keycloak.adminUser,
    MCPGW_TEST_KEYCLOAK_ADMIN_PASSWORD: env.keycloak.adminPassword,
    MCPGW_TEST_KEYCLOAK_MANAGEMENT_URL: env.keycloak.managementUrl,
    MCPGW_TEST_MOTO_ENDPOINT: env.moto.endpoint,
    MCPGW_TEST_MOTO_REGION: env.moto.region,
    MCPGW_TEST_MOTO_ACCESS_KEY_ID: env.moto.accessKeyId,
    MCPGW_TEST_MOTO_SECRET_ACCESS_KEY: env.moto.secretAccessKey,
  };
  const lines = Object.entries(vars).map(([key, value]) => `export ${key}=${quote(value)}`);
  writePrivate(
    envShellFile,
    `# Written by scripts/test-env/up; source it: . .test-env/env\n${lines.join('\n')}\n`,
  );
}

export function removeEnvFiles() {
  rmSync(envJsonFile, { force: true });
  rmSync(envShellFile, { force: true });
}

import { describe, expect, it } from 'vitest';
import { cloudContext } from '../src/cloud-context.js';
import type { TerraformOutputs } from '../src/terraform-outputs.js';

const outputs: TerraformOutputs = {
  registry_url: 'https://registry.example.com/',
  keycloak_url: 'https://kc.example.com',
  keycloak_admin_secret_arn: 'arn:kc-admin',
  documentdb_endpoint: 'docdb.cluster.example.com',
  documentdb_port: 27017,
  documentdb_secret_arn: 'arn:docdb',
  aws_region: 'eu-west-1',
  app_secret_arns: {
    'documentdb-uri': 'arn:documentdb-uri',
    'auth-console-client': 'arn:auth-console-client',
    'gateway-cursor': 'arn:gateway-cursor',
    'registry-service-token': 'arn:registry-service-token',
    'platform-admin': 'arn:platform-admin',
  },
};
const overrides = { seedDir: '/seed', dryRun: false, requireServices: true, log: () => {} };

describe('cloudContext', () => {
  it('when the outputs name the service secrets, then setup writes each to the ARN Terraform created and never creates one', () => {
    const ctx = cloudContext('dev', outputs, overrides);

    expect(ctx.appSecrets).toEqual({
      documentDbUriSecretId: 'arn:documentdb-uri',
      consoleClientSecretId: 'arn:auth-console-client',
      gatewayCursorSecretId: 'arn:gateway-cursor',
      createIfMissing: false,
    });
    expect(ctx.gatewayCredentialsSecretId).toBe('arn:registry-service-token');
    expect(ctx.gatewayAudience).toBe('https://registry.example.com/mcp');
  });

  it('when the outputs lack the service secrets, then none is targeted', () => {
    const ctx = cloudContext('dev', { ...outputs, app_secret_arns: {} }, overrides);

    expect(ctx.appSecrets).toEqual({ createIfMissing: false });
  });
});

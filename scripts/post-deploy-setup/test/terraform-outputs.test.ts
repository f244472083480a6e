import { describe, expect, it } from 'vitest';
import { parseTerraformOutputs } from '../src/terraform-outputs.js';

const out = (value: unknown) => ({ value, type: 'string', sensitive: false });
const valid = {
  registry_url: out('https://registry.example.com'),
  keycloak_url: out('https://kc.example.com'),
  keycloak_admin_secret_arn: out('arn:aws:secretsmanager:eu-west-1:1:secret:kc'),
  documentdb_endpoint: out('db.cluster-x.eu-west-1.docdb.amazonaws.com'),
  documentdb_port: out(27017),
  documentdb_secret_arn: out('arn:aws:secretsmanager:eu-west-1:1:secret:db'),
  aws_region: out('eu-west-1'),
  app_secret_arns: out({ 'platform-admin': 'arn:aws:secretsmanager:eu-west-1:1:secret:pa' }),
  cluster_name: out('ignored'),
};

describe('parseTerraformOutputs', () => {
  it('when all outputs are present, then it returns their values', () => {
    const result = parseTerraformOutputs(valid);
    expect(result).toMatchObject({
      ok: true,
      outputs: { registry_url: 'https://registry.example.com', documentdb_port: 27017 },
    });
  });

  it('when outputs are missing or invalid, then every one is named and no value is echoed', () => {
    const { keycloak_url: _k, aws_region: _r, ...rest } = valid;
    const result = parseTerraformOutputs({
      ...rest,
      registry_url: out('not a url'),
      documentdb_port: out('x'),
    });

    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'aws_region',
      'documentdb_port',
      'keycloak_url',
      'registry_url',
    ]);
    expect(problems.find((p) => p.startsWith('keycloak_url'))).toBe('keycloak_url: missing');
    expect(problems.join('\n')).not.toContain('not a url');
  });

  it('when the input is not an object, then it says so', () => {
    expect(parseTerraformOutputs([])).toEqual({
      ok: false,
      problems: ['terraform output -json did not return an object'],
    });
  });
});

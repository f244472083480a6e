import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM scripts without type declarations
import { assertCleanTree, assertPushableTag, releaseTag } from '../lib/release-tag.mjs';
// @ts-expect-error -- plain ESM scripts without type declarations
import { describeStep, releasePlan } from '../lib/release-plan.mjs';
// @ts-expect-error -- plain ESM scripts without type declarations
import { retaggedTaskDefinition } from '../lib/task-definition.mjs';

const SHA = '3f9c2ab1234567890abcdef1234567890abcdef0';
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'build-push');

describe('releaseTag', () => {
  it('when given version, date and sha, then builds vX.Y.Z-build-YYYYMMDD-<7 hex>', () => {
    const tag = releaseTag({ version: '1.4.2', date: new Date('2026-03-14T10:00:00Z'), sha: SHA });
    expect(tag).toBe('v1.4.2-build-20260314-3f9c2ab');
  });

  it('when the build runs just before midnight UTC elsewhere, then the date is the UTC day', () => {
    const tag = releaseTag({
      version: '0.1.0',
      date: new Date('2026-01-01T23:30:00-05:00'),
      sha: SHA,
    });
    expect(tag).toBe('v0.1.0-build-20260102-3f9c2ab');
  });

  it('when the version is not X.Y.Z, then refuses', () => {
    expect(() => releaseTag({ version: '1.0', date: new Date(), sha: SHA })).toThrow(/X\.Y\.Z/);
  });

  it('when the sha is not hex, then refuses', () => {
    expect(() => releaseTag({ version: '1.0.0', date: new Date(), sha: 'HEAD' })).toThrow(/sha/);
  });
});

describe('assertPushableTag', () => {
  it.each(['latest', 'LATEST', ' Latest '])('when the tag is %j, then refuses it', (tag) => {
    expect(() => assertPushableTag(tag)).toThrow(/latest/);
  });

  it('when the tag does not have the release shape, then refuses it', () => {
    expect(() => assertPushableTag('dev')).toThrow(/vX\.Y\.Z-build-YYYYMMDD-<sha>/);
  });

  it('when the tag is a release tag, then returns it', () => {
    expect(assertPushableTag('v0.1.0-build-20260101-abcdef0')).toBe(
      'v0.1.0-build-20260101-abcdef0',
    );
  });
});

describe('assertCleanTree', () => {
  it('when files are modified and ALLOW_DIRTY is not set, then refuses and names them', () => {
    expect(() => assertCleanTree({ dirtyFiles: ['Makefile'], allowDirty: false })).toThrow(
      /Makefile.*ALLOW_DIRTY=1/,
    );
  });

  it('when files are modified and ALLOW_DIRTY is set, then allows the build', () => {
    expect(() => assertCleanTree({ dirtyFiles: ['Makefile'], allowDirty: true })).not.toThrow();
  });
});

describe('releasePlan', () => {
  it('when planned, then logs in to ECR first and pushes every image under the one tag', () => {
    const plan = releasePlan({
      engine: 'podman',
      repositoryPrefix: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mcpgw-dev',
      region: 'eu-west-1',
      tag: 'v0.1.0-build-20260101-abcdef0',
      services: ['registry', 'auth', 'gateway'],
      revision: SHA,
    }) as Array<{ argv: string[]; stdinFrom?: string[] }>;
    const lines: string[] = plan.map(describeStep);
    expect(lines[0]).toBe(
      'aws ecr get-login-password --region eu-west-1 | podman login --username AWS ' +
        '--password-stdin 123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    );
    expect(lines.filter((l: string) => l.startsWith('podman push'))).toEqual([
      'podman push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mcpgw-dev/registry:v0.1.0-build-20260101-abcdef0',
      'podman push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mcpgw-dev/auth:v0.1.0-build-20260101-abcdef0',
      'podman push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mcpgw-dev/gateway:v0.1.0-build-20260101-abcdef0',
    ]);
  });
});

describe('releasePlan with an RDS CA bundle', () => {
  it('when a bundle URL is given, then every service image is built with it and Keycloak without', () => {
    const plan = releasePlan({
      engine: 'docker',
      repositoryPrefix: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mcpgw-dev',
      region: 'eu-west-1',
      tag: 'v0.1.0-build-20260101-abcdef0',
      services: ['registry', 'gateway'],
      revision: SHA,
      rdsCaBundleUrl: 'https://truststore.example/global-bundle.pem',
    }).map(describeStep);
    const builds = plan.filter((line: string) => line.startsWith('docker build'));
    expect(builds).toHaveLength(2);
    for (const line of builds) {
      expect(line).toContain(
        '--build-arg RDS_CA_BUNDLE_URL=https://truststore.example/global-bundle.pem',
      );
    }
  });
});

describe('build-push', () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GITHUB_SHA: SHA,
    ALLOW_DIRTY: '1',
    BUILD_ENGINE: 'docker',
  };
  delete env.GITHUB_OUTPUT;

  it('when asked to push latest, then exits 1 without building anything', () => {
    const result = spawnSync('node', [script, '--dry-run', '--tag', 'latest'], {
      env,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/refusing to push the tag "latest"/);
    expect(result.stdout).not.toMatch(/docker build/);
  });

  it('when run with --dry-run, then prints the plan and the computed tag without AWS', () => {
    const result = spawnSync(
      'node',
      [
        script,
        '--dry-run',
        '--repository-prefix',
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mcpgw-dev',
      ],
      { env, encoding: 'utf8' },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^IMAGE_TAG=v\d+\.\d+\.\d+-build-\d{8}-3f9c2ab$/m);
    expect(result.stdout).toMatch(/aws ecr get-login-password --region eu-west-1 \| docker login/);
    expect(result.stdout).toMatch(
      /docker build .* -f services\/gateway\/Dockerfile --build-arg RDS_CA_BUNDLE_URL=https:\/\/\S+ \./,
    );
  });
});

describe('retaggedTaskDefinition', () => {
  it('when retagged, then only the image tag changes and read-only fields are dropped', () => {
    const current = {
      taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/mcpgw-dev-gateway:7',
      revision: 7,
      status: 'ACTIVE',
      family: 'mcpgw-dev-gateway',
      cpu: '512',
      containerDefinitions: [
        {
          name: 'gateway',
          image:
            '1.dkr.ecr.eu-west-1.amazonaws.com/mcpgw-dev/gateway:v0.1.0-build-20260101-abcdef0',
        },
      ],
    };
    const next = retaggedTaskDefinition(current, 'v0.2.0-build-20260201-1234567');
    expect(next.toImage).toBe(
      '1.dkr.ecr.eu-west-1.amazonaws.com/mcpgw-dev/gateway:v0.2.0-build-20260201-1234567',
    );
    expect(next.input).toEqual({
      family: 'mcpgw-dev-gateway',
      cpu: '512',
      containerDefinitions: [{ name: 'gateway', image: next.toImage }],
    });
  });
});

// The commands of one build-push run, as data: printed by --dry-run, executed otherwise.

/** Services with a Dockerfile at services/<name>/Dockerfile, built from the repository root. */
export const SERVICE_IMAGES = ['registry', 'auth', 'gateway'];

/** `<account>.dkr.ecr.<region>.amazonaws.com` from a repository URL or prefix. */
export function registryHost(repositoryPrefix) {
  return repositoryPrefix.split('/')[0];
}

/**
 * @param {{ engine: string, repositoryPrefix: string, region: string, tag: string,
 *   keycloakTag?: string, keycloakVersion?: string, services: string[], revision: string,
 *   build?: boolean, push?: boolean }} o  build and push default to true
 * @returns {Array<{ what: string, argv: string[], stdinFrom?: string[] }>}
 */
export function releasePlan(o) {
  const host = registryHost(o.repositoryPrefix);
  const build = o.build ?? true;
  const push = o.push ?? true;
  const steps = [];
  if (push) {
    steps.push({
      what: `log in to ${host}`,
      argv: [o.engine, 'login', '--username', 'AWS', '--password-stdin', host],
      stdinFrom: ['aws', 'ecr', 'get-login-password', '--region', o.region],
    });
  }
  const images = o.services.map((name) => ({
    name,
    ref: `${o.repositoryPrefix}/${name}:${o.tag}`,
    build: [
      '-f',
      `services/${name}/Dockerfile`,
      // The DocumentDB TLS trust anchor the services read (REGISTRY/GATEWAY/AUTH_MONGO_TLS_CA_FILE).
      ...(o.rdsCaBundleUrl ? ['--build-arg', `RDS_CA_BUNDLE_URL=${o.rdsCaBundleUrl}`] : []),
      '.',
    ],
  }));
  if (o.keycloakTag !== undefined) {
    images.push({
      name: 'keycloak',
      ref: `${o.repositoryPrefix}/keycloak:${o.keycloakTag}`,
      build: [
        '-f',
        'scripts/release/keycloak.Dockerfile',
        '--build-arg',
        `KEYCLOAK_VERSION=${o.keycloakVersion}`,
        'scripts/release',
      ],
    });
  }
  for (const image of build ? images : []) {
    steps.push({
      what: `build ${image.name}`,
      argv: [
        o.engine,
        'build',
        '--label',
        `org.opencontainers.image.revision=${o.revision}`,
        '--label',
        `org.opencontainers.image.version=${image.ref.split(':').pop()}`,
        '-t',
        image.ref,
        ...image.build,
      ],
    });
  }
  for (const image of push ? images : []) {
    steps.push({ what: `push ${image.name}`, argv: [o.engine, 'push', image.ref] });
  }
  return steps;
}

/** One shell-like line per step, for --dry-run and logs (no secrets are ever in argv). */
export function describeStep(step) {
  const line = step.argv.join(' ');
  return step.stdinFrom === undefined ? line : `${step.stdinFrom.join(' ')} | ${line}`;
}

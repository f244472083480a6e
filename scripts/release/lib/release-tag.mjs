// Image tags of a release: immutable, traceable to a version, a day and a commit.
//   vX.Y.Z-build-YYYYMMDD-<shortsha>   (e.g. v0.1.0-build-20260314-3f9c2ab)

export const TAG_PATTERN = /^v\d+\.\d+\.\d+-build-\d{8}-[0-9a-f]{7,12}$/;
const SEMVER = /^\d+\.\d+\.\d+$/;
const SHA = /^[0-9a-f]{7,40}$/;
const SHORT_SHA_LENGTH = 7;

/** `date` as YYYYMMDD in UTC, so a tag does not depend on the builder's time zone. */
export function buildDate(date) {
  const y = String(date.getUTCFullYear()).padStart(4, '0');
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  return `${y}${m}${d}`;
}

/** The tag for package.json `version`, the build `date` and the commit `sha`. */
export function releaseTag({ version, date, sha }) {
  if (typeof version !== 'string' || !SEMVER.test(version)) {
    throw new Error(`package.json version must be X.Y.Z, got ${JSON.stringify(version)}`);
  }
  const commit = String(sha ?? '').toLowerCase();
  if (!SHA.test(commit)) throw new Error(`not a git commit sha: ${JSON.stringify(sha)}`);
  return `v${version}-build-${buildDate(date)}-${commit.slice(0, SHORT_SHA_LENGTH)}`;
}

/**
 * Throws unless `tag` may be pushed: never `latest` (or any case of it), and only the release
 * shape, so every tag in ECR says what it contains.
 */
export function assertPushableTag(tag) {
  if (typeof tag !== 'string' || tag.trim() === '') throw new Error('empty image tag');
  if (tag.trim().toLowerCase() === 'latest') {
    throw new Error('refusing to push the tag "latest": tags are immutable and must name a build');
  }
  if (!TAG_PATTERN.test(tag)) {
    throw new Error(`refusing tag ${JSON.stringify(tag)}: expected vX.Y.Z-build-YYYYMMDD-<sha>`);
  }
  return tag;
}

/** Throws on a dirty work tree unless explicitly allowed (ALLOW_DIRTY=1). */
export function assertCleanTree({ dirtyFiles, allowDirty }) {
  if (dirtyFiles.length === 0 || allowDirty) return;
  const shown = dirtyFiles.slice(0, 10).join(', ');
  const more = dirtyFiles.length > 10 ? ` and ${dirtyFiles.length - 10} more` : '';
  throw new Error(
    `the work tree has uncommitted changes (${shown}${more}): the tag would not describe the ` +
      'image. Commit them, or set ALLOW_DIRTY=1 for a throwaway build.',
  );
}

/** A compiled target pattern: called once per policy target per decision, so it must not allocate. */
export type TargetMatcher = (value: string) => boolean;

/** Builds a matcher from a validated glob. Injectable so tests can count compilations. */
export type TargetMatcherFactory = (glob: string) => TargetMatcher;

const MAX_GLOB_LENGTH = 256;
// Other glob dialects' syntax is refused rather than taken literally, so nobody writes
// 'crm/{a,b}' believing it means two tools.
const FORBIDDEN = /[\s?[\]{}\\!]/;

/**
 * Why a target glob is invalid, or undefined when it is fine. A target is
 * `<server>/<name>`; every '/'-separated segment is non-empty; '*' matches any run of characters
 * inside one segment; '**' is refused because it is not special here and would mislead.
 */
export function targetGlobProblem(glob: string): string | undefined {
  if (glob.length === 0 || glob.length > MAX_GLOB_LENGTH) {
    return `must be 1 to ${MAX_GLOB_LENGTH} characters`;
  }
  if (FORBIDDEN.test(glob))
    return 'may contain only names, "/" and "*" (no spaces, ? [ ] { } ! \\)';
  if (glob.includes('**')) return '"**" is not supported: "*" matches within one segment only';
  const segments = glob.split('/');
  if (segments.length < 2) return 'must have the form "server/name", e.g. "crm/*" or "*/delete_*"';
  if (segments.some((segment) => segment === '')) return 'must not have empty segments';
  return undefined;
}

/** The default factory: equality for literal globs, one anchored RegExp otherwise. */
export const compileTargetGlob: TargetMatcherFactory = (glob) => {
  if (!glob.includes('*')) return (value) => value === glob;
  const source = glob
    .split('*')
    .map((literal) => literal.replace(/[.+^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  const pattern = new RegExp(`^${source}$`);
  return (value) => pattern.test(value);
};

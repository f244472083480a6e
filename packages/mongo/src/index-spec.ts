export interface IndexSpec {
  collection: string;
  name: string;
  keys: Record<string, 1 | -1>;
  unique?: boolean;
  sparse?: boolean;
  /** TTL. DocumentDB supports it; FerretDB v1 does not expire documents. */
  expireAfterSeconds?: number;
}

// Deliberately short: partial, text, wildcard, collation and hidden indexes are missing from
// DocumentDB or FerretDB v1, so a spec asking for them is refused instead of half-working.
const ALLOWED_KEYS = new Set([
  'collection',
  'name',
  'keys',
  'unique',
  'sparse',
  'expireAfterSeconds',
]);

/** Every problem with a list of specs, e.g. `servers.by_slug: unsupported option "partialFilterExpression"`. */
export function validateIndexSpecs(specs: readonly IndexSpec[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [position, spec] of specs.entries()) {
    const label = `${String(spec.collection)}.${String(spec.name)}`;
    if (typeof spec.collection !== 'string' || spec.collection === '') {
      problems.push(`specs[${position}]: collection must be a non-empty string`);
    }
    if (typeof spec.name !== 'string' || spec.name === '') {
      problems.push(`specs[${position}]: name must be a non-empty string`);
    }
    if (seen.has(label)) problems.push(`${label}: declared twice`);
    seen.add(label);
    for (const key of Object.keys(spec)) {
      if (!ALLOWED_KEYS.has(key)) problems.push(`${label}: unsupported option "${key}"`);
    }
    problems.push(...keyProblems(label, spec.keys));
    const ttl = spec.expireAfterSeconds;
    if (ttl !== undefined && !(Number.isInteger(ttl) && ttl >= 0)) {
      problems.push(`${label}: expireAfterSeconds must be a non-negative integer`);
    }
  }
  return problems;
}

function keyProblems(label: string, keys: unknown): string[] {
  if (typeof keys !== 'object' || keys === null || Object.keys(keys).length === 0) {
    return [`${label}: keys must name at least one field`];
  }
  return Object.entries(keys)
    .filter(([, direction]) => direction !== 1 && direction !== -1)
    .map(([field]) => `${label}: key "${field}" must be 1 or -1 (text and hashed are unsupported)`);
}

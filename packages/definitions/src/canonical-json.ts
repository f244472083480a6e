/**
 * RFC 8785 (JSON Canonicalization Scheme) serialization: object keys sorted by UTF-16 code
 * units, no whitespace, numbers as ECMAScript renders them (1.0 → 1, -0 → 0, 1e21 → 1e+21),
 * strings escaped as JSON.stringify does. Two definitions that mean the same JSON always give the
 * same text, so their hashes can be pinned.
 *
 * Deviations, chosen so hashing never depends on the caller's runtime types: `undefined`
 * properties are dropped and `undefined` array items become null (as JSON.stringify does);
 * `toJSON` is honoured; lone surrogates are escaped (\udxxx) instead of rejected.
 * Non-finite numbers, bigints, functions, symbols and cycles throw a TypeError.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, new Set());
}

function serialize(value: unknown, ancestors: Set<object>): string {
  const prepared = withToJson(value);
  if (prepared === null) return 'null';
  switch (typeof prepared) {
    case 'boolean':
      return prepared ? 'true' : 'false';
    case 'string':
      return JSON.stringify(prepared);
    case 'number':
      if (!Number.isFinite(prepared)) {
        throw new TypeError(`canonicalJson: ${String(prepared)} is not representable in JSON`);
      }
      // ECMAScript Number-to-String is exactly the JCS number format; JSON.stringify(-0) is '0'.
      return JSON.stringify(prepared);
    case 'object':
      return serializeContainer(prepared, ancestors);
    default:
      throw new TypeError(`canonicalJson: a ${typeof prepared} is not representable in JSON`);
  }
}

function serializeContainer(value: object, ancestors: Set<object>): string {
  if (ancestors.has(value)) throw new TypeError('canonicalJson: the value contains a cycle');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.map((item: unknown) =>
        item === undefined ? 'null' : serialize(item, ancestors),
      );
      return `[${items.join(',')}]`;
    }
    const record = value as Record<string, unknown>;
    // Default sort compares UTF-16 code units, which is exactly what RFC 8785 §3.2.3 asks for.
    const keys = Object.keys(record).sort();
    const members: string[] = [];
    for (const key of keys) {
      const member = record[key];
      if (member === undefined) continue;
      members.push(`${JSON.stringify(key)}:${serialize(member, ancestors)}`);
    }
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}

function withToJson(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'toJSON' in value) {
    const toJson = (value as { toJSON: unknown }).toJSON;
    if (typeof toJson === 'function') return (toJson as () => unknown).call(value);
  }
  return value;
}

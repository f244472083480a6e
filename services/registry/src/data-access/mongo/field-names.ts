/**
 * MongoDB-wire stores (FerretDB v1, and DocumentDB in some operations) refuse field names that
 * start with `$` or contain `.`, yet stored documents carry arbitrary JSON: tool input schemas
 * use `$schema`, `$ref`, `$defs`, and property names may contain dots. Such names are stored
 * escaped and restored on read, so the adapter round-trips any JSON exactly.
 *
 * A name is escaped when it starts with `$` or `%` or contains `.`: it becomes `%` followed by
 * the name with `%` → `%25`, `.` → `%2E`, `$` → `%24`. Every escaped name starts with `%`, and
 * every original name starting with `%` is escaped too, so decoding is unambiguous.
 */
const NEEDS_ESCAPE = /^[$%]|\./;

export function escapeFieldName(name: string): string {
  if (!NEEDS_ESCAPE.test(name)) return name;
  return `%${name.replace(/%/g, '%25').replace(/\./g, '%2E').replace(/\$/g, '%24')}`;
}

export function unescapeFieldName(name: string): string {
  if (!name.startsWith('%')) return name;
  return name.slice(1).replace(/%24/g, '$').replace(/%2E/g, '.').replace(/%25/g, '%');
}

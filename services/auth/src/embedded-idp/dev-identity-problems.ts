import type { z } from 'zod';
import { devIdentitySchema, type DevIdentity } from './dev-identity.js';

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entries(raw: Raw, key: string): Raw[] {
  const list = raw[key];
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

function duplicates(values: unknown[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) {
    if (typeof value !== 'string') continue;
    if (seen.has(value)) repeated.add(value);
    seen.add(value);
  }
  return [...repeated];
}

/**
 * Cross-references zod cannot see entry by entry. They run on the raw document, not the parsed
 * one, so that a file with a missing field still gets its unknown scopes reported in the same
 * run: the developer fixes everything at once.
 */
function referenceProblems(raw: Raw): string[] {
  const scopes = entries(raw, 'scopes').map((scope) => scope.name);
  const known = new Set(scopes.filter((name): name is string => typeof name === 'string'));
  const clients = entries(raw, 'clients');
  const problems = [
    ...duplicates(scopes).map((name) => `scopes: '${name}' is declared more than once`),
    ...duplicates(clients.map((c) => c.id)).map((id) => `clients: '${id}' appears more than once`),
    ...duplicates(entries(raw, 'users').map((u) => u.username)).map(
      (name) => `users: '${name}' appears more than once`,
    ),
  ];
  clients.forEach((client, index) => {
    const allowed = Array.isArray(client.scopes) ? client.scopes : [];
    for (const scope of allowed)
      if (typeof scope === 'string' && !known.has(scope))
        problems.push(`clients[${index}].scopes: '${scope}' is not declared under scopes`);
  });
  return problems;
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
  return `${path || '(root)'}: ${issue.message}`;
}

export type DevIdentityCheck = { identity: DevIdentity; problems: [] } | { problems: string[] };

/** Validates a parsed YAML document and lists every problem found, not just the first. */
export function checkDevIdentity(raw: unknown): DevIdentityCheck {
  const parsed = devIdentitySchema.safeParse(raw);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map(formatIssue)),
    ...(isRecord(raw) ? referenceProblems(raw) : []),
  ];
  if (parsed.success && problems.length === 0) return { identity: parsed.data, problems: [] };
  return { problems };
}

import type { z } from 'zod';

/**
 * Facts the config helpers attach to a schema for `describeConfigSchema` and error reporting:
 * whether the value is secret and how to name its type in the docs. Kept in module-private weak
 * maps rather than zod metadata so no other code can forge or strip them by editing `.meta()`.
 */
const secrets = new WeakSet<object>();
const typeLabels = new WeakMap<object, string>();

export function markSecret<T extends z.ZodType>(schema: T): T {
  secrets.add(schema);
  return schema;
}

export function withTypeLabel<T extends z.ZodType>(schema: T, label: string): T {
  typeLabels.set(schema, label);
  return schema;
}

export function isSecretSchema(schema: z.ZodType): boolean {
  return lineage(schema).some((s) => secrets.has(s));
}

export function typeLabelOf(schema: z.ZodType): string | undefined {
  for (const s of lineage(schema)) {
    const label = typeLabels.get(s);
    if (label !== undefined) return label;
  }
  return undefined;
}

/** Loose view of zod's internal definition; only the fields walked here. */
export interface LooseDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  defaultValue?: unknown;
  format?: string;
  entries?: Record<string, unknown>;
  values?: unknown[];
  checks?: unknown[];
}

export function defOf(schema: z.ZodType): LooseDef {
  return schema._zod.def as unknown as LooseDef;
}

const WRAPPERS = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'catch',
  'readonly',
  'nonoptional',
]);
const MAX_LINEAGE = 32;

/**
 * The schema, the schemas it was cloned from (`.describe()` / `.meta()` clones keep a parent
 * link) and the schemas it wraps (`.optional()`, `.default()`, pipes), outermost first. This
 * lets `env.secret(x).describe('…').optional()` still be recognised as secret.
 */
export function lineage(schema: z.ZodType): z.ZodType[] {
  const seen: z.ZodType[] = [];
  const queue: z.ZodType[] = [schema];
  while (queue.length > 0 && seen.length < MAX_LINEAGE) {
    const current = queue.shift() as z.ZodType;
    if (seen.includes(current)) continue;
    seen.push(current);
    const parent = current._zod.parent as z.ZodType | undefined;
    if (parent) queue.push(parent);
    const def = defOf(current);
    if (WRAPPERS.has(def.type) && def.innerType) queue.push(def.innerType);
    if (def.type === 'pipe' && def.in) queue.push(def.in);
  }
  return seen;
}

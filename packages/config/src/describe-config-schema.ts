import { z } from 'zod';
import type { LooseDef } from './schema-annotations.js';
import { defOf, isSecretSchema, lineage, typeLabelOf } from './schema-annotations.js';

export interface ConfigKeyDoc {
  key: string;
  type: string;
  required: boolean;
  /** The default as it would be written in the environment; never set for secrets. */
  default?: string;
  description: string;
  secret: boolean;
}

/** One entry per key, in schema order, for docs/configuration.md. */
export function describeConfigSchema(schema: z.ZodObject): ConfigKeyDoc[] {
  return Object.entries(schema.shape).map(([key, value]) => {
    const field = value as z.ZodType;
    const secret = isSecretSchema(field);
    const doc: ConfigKeyDoc = {
      key,
      type: typeLabelOf(field) ?? inferTypeLabel(field),
      // Whatever parses when the variable is unset is by definition not required.
      required: !field.safeParse(undefined).success,
      description: descriptionOf(field),
      secret,
    };
    const fallback = defaultOf(field);
    if (fallback !== undefined && !secret) doc.default = fallback;
    return doc;
  });
}

function descriptionOf(field: z.ZodType): string {
  for (const s of lineage(field)) {
    const description = z.globalRegistry.get(s)?.description;
    if (description !== undefined) return description;
  }
  return '';
}

function defaultOf(field: z.ZodType): string | undefined {
  const holder = lineage(field).find((s) => ['default', 'prefault'].includes(defOf(s).type));
  if (!holder) return undefined;
  return formatDefault(defOf(holder).defaultValue);
}

function formatDefault(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return String(value);
  return JSON.stringify(value);
}

function inferTypeLabel(field: z.ZodType): string {
  const leaf =
    lineage(field)
      .map(defOf)
      .find((def) => !isWrapper(def)) ?? defOf(field);
  switch (leaf.type) {
    case 'string':
      return leaf.format === undefined || leaf.format === 'regex' ? 'string' : leaf.format;
    case 'enum':
      return Object.values(leaf.entries ?? {})
        .map(String)
        .join(' | ');
    case 'literal':
      return (leaf.values ?? []).map(String).join(' | ');
    case 'array':
      return 'list';
    default:
      return leaf.type;
  }
}

function isWrapper(def: LooseDef): boolean {
  return def.innerType !== undefined || def.type === 'pipe';
}

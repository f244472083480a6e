import { z } from 'zod';
import { markSecret, withTypeLabel } from './schema-annotations.js';

const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);

// Messages never quote the offending value: the same helpers parse secrets.
function integer(min: number, max: number): z.ZodType<number> {
  return z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

function rangeLabel(min: number, max: number): string {
  if (min === Number.MIN_SAFE_INTEGER && max === Number.MAX_SAFE_INTEGER) return 'integer';
  if (max === Number.MAX_SAFE_INTEGER) return `integer ≥ ${min}`;
  if (min === Number.MIN_SAFE_INTEGER) return `integer ≤ ${max}`;
  return `integer ${min}–${max}`;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Building blocks for service config schemas. Each takes the raw environment string (empty
 * strings are treated as unset before parsing) and yields a typed value.
 */
export const env = {
  /** TCP port, 1..65535. */
  port(defaultPort: number): z.ZodType<number> {
    return withTypeLabel(integer(1, 65535).default(defaultPort), 'port');
  },

  int(defaultValue: number, opts: { min?: number; max?: number } = {}): z.ZodType<number> {
    const min = opts.min ?? Number.MIN_SAFE_INTEGER;
    const max = opts.max ?? Number.MAX_SAFE_INTEGER;
    return withTypeLabel(integer(min, max).default(defaultValue), rangeLabel(min, max));
  },

  /** true/false, 1/0, yes/no in any case; anything else is reported rather than guessed. */
  bool(defaultValue: boolean): z.ZodType<boolean> {
    const schema = z.string().transform((raw, ctx) => {
      const word = raw.trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      ctx.addIssue({ code: 'custom', message: 'must be one of true, false, 1, 0, yes, no' });
      return z.NEVER;
    });
    return withTypeLabel(schema.default(defaultValue), 'boolean');
  },

  /** Absolute http(s) URL; required unless the caller adds `.optional()` or `.default()`. */
  url(): z.ZodType<string> {
    const schema = z.string().trim().refine(isHttpUrl, 'must be an absolute http(s) URL');
    return withTypeLabel(schema, 'url');
  },

  /** Comma-separated list, entries trimmed, empty entries dropped. Required unless defaulted. */
  list(): z.ZodType<string[]> {
    const schema = z.string().transform((raw) =>
      raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    );
    return withTypeLabel(schema, 'list (comma-separated)');
  },

  /** Marks the key as secret: documented, but its value is never printed or echoed in errors. */
  secret<T extends z.ZodType>(schema: T): T {
    return markSecret(schema);
  },

  logLevel(): z.ZodType<LogLevel> {
    const schema = z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }));
    return withTypeLabel(schema.default('info'), LOG_LEVELS.join(' | '));
  },
};

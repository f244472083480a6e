import type { z } from 'zod';
import type { ConfigIssue } from './config-error.js';
import { ConfigError } from './config-error.js';
import { deepFreeze } from './deep-freeze.js';
import { isSecretSchema } from './schema-annotations.js';

type Env = Record<string, string | undefined>;

/**
 * Parse the environment once against a flat schema keyed by variable name. Every problem is
 * collected before throwing (an operator fixes them all in one deploy), unknown variables are
 * ignored, empty strings count as unset, and the result is deep-frozen.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: Env = process.env,
): Readonly<z.infer<S>> {
  const input = declaredValues(schema, env);
  const result = schema.safeParse(input);
  if (!result.success) throw new ConfigError(toConfigIssues(schema, input, result.error));
  return deepFreeze(result.data);
}

function declaredValues(schema: z.ZodObject, env: Env): Env {
  const input: Env = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    // A variable exported as `FOO=` in a shell or an empty ECS value means "not set".
    if (value !== undefined && value.trim() !== '') input[key] = value;
  }
  return input;
}

function toConfigIssues(schema: z.ZodObject, input: Env, error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => {
    const key = issue.path.length > 0 ? String(issue.path[0]) : '(config)';
    const raw = input[key];
    if (raw === undefined && issue.code === 'invalid_type') return { key, message: 'is required' };
    const field = schema.shape[key] as z.ZodType | undefined;
    const secret = field !== undefined && isSecretSchema(field);
    return { key, message: secret ? scrub(issue.message, raw) : issue.message };
  });
}

// Helper messages never quote values, but a caller's custom refine message might; a secret's
// value must not reach stderr or the logs either way.
function scrub(message: string, raw: string | undefined): string {
  if (raw === undefined || raw.length === 0) return message;
  return message.split(raw).join('[hidden]');
}

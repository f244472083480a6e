import type { z } from 'zod';
import { appError } from '@mcpgw/errors';

/** Parses request input with a zod schema; every problem is reported at once as VALIDATION_FAILED. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where: string,
): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw appError('VALIDATION_FAILED', `The request ${where} is invalid.`, {
    details: {
      issues: result.error.issues.map((issue) => ({
        path: [where, ...issue.path.map(String)].join('.'),
        message: issue.message,
      })),
    },
  });
}

import { z } from 'zod';

/** `?limit=&cursor=` for every paginated governance listing. */
export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(2048).optional(),
});

export const isoTimeSchema = z.iso.datetime({ offset: true });

/** Free text stored for people: bounded, no control characters that could spoof log lines. */
export function textSchema(max: number) {
  return z
    .string()
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');
}

export const revSchema = z.number().int().min(1);

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }).loose(),
});

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().optional() });
}

/** A registry change that was stored although Keycloak could not be updated (HTTP 202). */
export const warningSchema = z.object({
  code: z.literal('PROVISIONING_FAILED'),
  cause: z.string(),
  message: z.string(),
});

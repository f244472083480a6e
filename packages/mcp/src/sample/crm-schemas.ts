/**
 * JSON Schema pieces the sample's tools share. Plain JSON Schema rather than zod so what the
 * registry discovers and pins is exactly what is written here.
 */
export const CONTACT_ID = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  description: 'Contact id as returned by search_contacts, e.g. ct_001.',
} as const;

export const CONTACT = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    accountId: { type: 'string' },
    name: { type: 'string' },
    title: { type: 'string' },
    email: { type: 'string' },
  },
  required: ['id', 'accountId', 'name', 'title', 'email'],
} as const;

export const NOTE = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    contactId: { type: 'string' },
    body: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'contactId', 'body', 'createdAt'],
} as const;

/** An object schema with the given properties; every listed one required, nothing else allowed. */
export function strictObject(
  properties: Record<string, object>,
  required: string[] = Object.keys(properties),
): Record<string, unknown> {
  return { type: 'object', properties, required, additionalProperties: false };
}

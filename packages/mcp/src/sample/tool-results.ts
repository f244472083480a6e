import type { CallToolResult } from '@modelcontextprotocol/server';

/** A result with both faces: text for models that read text, structured data for the schema. */
export function structuredResult(value: Record<string, unknown>): CallToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(value, null, 2) }],
    structuredContent: value,
  };
}

/**
 * A tool-level failure (`isError: true`), not a JSON-RPC error: the spec wants errors the model
 * can act on — a wrong id it can correct — reported inside the result.
 */
export function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

export function unknownContact(contactId: string): CallToolResult {
  return toolError(
    `No contact with id "${contactId}". Use search_contacts to find the right id (ids look like ct_001).`,
  );
}

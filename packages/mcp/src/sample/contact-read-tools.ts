import { fromJsonSchema, type McpServer } from '@modelcontextprotocol/server';
import { CONTACT, CONTACT_ID, NOTE, strictObject } from './crm-schemas.js';
import type { CrmStore } from './crm-store.js';
import { structuredResult, unknownContact } from './tool-results.js';

const DEFAULT_LIMIT = 10;

/** The read side of contacts: search and fetch. Neither touches the store nor leaves it. */
export function registerContactReadTools(server: McpServer, store: CrmStore): void {
  server.registerTool(
    'search_contacts',
    {
      title: 'Search contacts',
      description:
        'Search Acme CRM contacts by name, email or company name (case-insensitive substring). ' +
        'Returns at most `limit` matches and the total number of matches.',
      inputSchema: fromJsonSchema<{ query: string; limit?: number }>(
        strictObject(
          {
            query: { type: 'string', minLength: 1, maxLength: 100, description: 'Text to find.' },
            limit: { type: 'integer', minimum: 1, maximum: 25, default: DEFAULT_LIMIT },
          },
          ['query'],
        ),
      ),
      outputSchema: fromJsonSchema(
        strictObject({ contacts: { type: 'array', items: CONTACT }, total: { type: 'integer' } }),
      ),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ query, limit }) => {
      const found = store.searchContacts(query, limit ?? DEFAULT_LIMIT);
      return structuredResult({ contacts: found.contacts, total: found.total });
    },
  );

  server.registerTool(
    'get_contact',
    {
      title: 'Get contact',
      description: 'Fetch one contact by id, with its company and its notes (newest last).',
      inputSchema: fromJsonSchema<{ contactId: string }>(strictObject({ contactId: CONTACT_ID })),
      outputSchema: fromJsonSchema(
        strictObject({
          contact: CONTACT,
          company: { type: 'string' },
          notes: { type: 'array', items: NOTE },
        }),
      ),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ contactId }) => {
      const contact = store.getContact(contactId);
      if (!contact) return unknownContact(contactId);
      return structuredResult({
        contact,
        company: store.getAccount(contact.accountId)?.name ?? 'unknown',
        notes: store.notesOf(contactId),
      });
    },
  );
}

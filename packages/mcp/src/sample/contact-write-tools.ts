import { fromJsonSchema, type McpServer } from '@modelcontextprotocol/server';
import { CONTACT, CONTACT_ID, NOTE, strictObject } from './crm-schemas.js';
import type { CrmStore } from './crm-store.js';
import { structuredResult, unknownContact } from './tool-results.js';

/**
 * The write side, one tool per kind of risk the annotations describe: an additive write, an
 * idempotent overwrite and an irreversible delete. Policies in the gateway key off these hints.
 */
export function registerContactWriteTools(server: McpServer, store: CrmStore): void {
  server.registerTool(
    'create_note',
    {
      title: 'Add a note to a contact',
      description: 'Append a note to a contact. Each call adds another note.',
      inputSchema: fromJsonSchema<{ contactId: string; body: string }>(
        strictObject({
          contactId: CONTACT_ID,
          body: { type: 'string', minLength: 1, maxLength: 2000, description: 'The note text.' },
        }),
      ),
      outputSchema: fromJsonSchema(strictObject({ note: NOTE })),
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: false,
      },
    },
    ({ contactId, body }) => {
      const note = store.addNote(contactId, body);
      return note ? structuredResult({ note }) : unknownContact(contactId);
    },
  );

  server.registerTool(
    'update_contact_email',
    {
      title: "Update a contact's email",
      description: "Replace a contact's email address. Returns the contact and the old address.",
      inputSchema: fromJsonSchema<{ contactId: string; email: string }>(
        strictObject({
          contactId: CONTACT_ID,
          email: { type: 'string', format: 'email', maxLength: 254 },
        }),
      ),
      outputSchema: fromJsonSchema(
        strictObject({ contact: CONTACT, previousEmail: { type: 'string' } }),
      ),
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    ({ contactId, email }) => {
      const updated = store.setEmail(contactId, email);
      return updated ? structuredResult(updated) : unknownContact(contactId);
    },
  );

  server.registerTool(
    'delete_contact',
    {
      title: 'Delete a contact',
      description: 'Permanently delete a contact and all of its notes. This cannot be undone.',
      inputSchema: fromJsonSchema<{ contactId: string }>(strictObject({ contactId: CONTACT_ID })),
      outputSchema: fromJsonSchema(
        strictObject({ deleted: { type: 'string' }, notesDeleted: { type: 'integer' } }),
      ),
      // Idempotent in the spec's sense: deleting again changes nothing more (it reports the id
      // as unknown). Destructive because the notes are gone for good.
      annotations: {
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    ({ contactId }) => {
      const removed = store.deleteContact(contactId);
      if (!removed) return unknownContact(contactId);
      return structuredResult({ deleted: contactId, notesDeleted: removed.notesDeleted });
    },
  );
}

import {
  fromJsonSchema,
  ProtocolError,
  ProtocolErrorCode,
  type McpServer,
} from '@modelcontextprotocol/server';
import type { CrmStore } from './crm-store.js';

/**
 * A prompt that hands the model one account's contacts and deals and asks for a brief. An
 * unknown account is a protocol error here: prompts have no `isError` result to carry it.
 */
export function registerSummarizeAccountPrompt(server: McpServer, store: CrmStore): void {
  server.registerPrompt(
    'summarize_account',
    {
      title: 'Summarize an account',
      description: "Brief on one account: who we know there, open deals, and what's next.",
      argsSchema: fromJsonSchema<{ accountId: string }>({
        type: 'object',
        properties: {
          accountId: {
            type: 'string',
            description: 'Account id: acc_001 (Globex), acc_002 (Initech), acc_003 (Umbrella).',
          },
        },
        required: ['accountId'],
      }),
    },
    ({ accountId }) => {
      const account = store.getAccount(accountId);
      if (!account) {
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown account: ${accountId}`);
      }
      const facts = {
        account,
        contacts: store.contactsOf(accountId),
        deals: store.dealsOf(accountId),
      };
      const text =
        `Summarize the account "${account.name}" for an account executive in five bullet ` +
        'points: key contacts, open deals with stage and amount, risks, and a suggested next ' +
        `step. CRM data:\n\n${JSON.stringify(facts, null, 2)}`;
      return { messages: [{ role: 'user', content: { type: 'text', text } }] };
    },
  );
}

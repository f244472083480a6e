import { McpServer } from '@modelcontextprotocol/server';
import { registerContactReadTools } from './contact-read-tools.js';
import { registerContactWriteTools } from './contact-write-tools.js';
import type { CrmStore } from './crm-store.js';
import { registerPipelineSummary } from './pipeline-summary.js';
import { registerSummarizeAccountPrompt } from './summarize-account-prompt.js';

export const SAMPLE_SERVER_INFO = {
  name: 'acme-crm',
  title: 'Acme CRM (sample)',
  version: '1.0.0',
};

const INSTRUCTIONS =
  'Acme CRM sample server with made-up data. Find contacts with search_contacts (ids look like ' +
  'ct_001), then read or change them by id. delete_contact is permanent.';

/**
 * A fresh MCP server object over the shared store. Called once per stateless request and once
 * per legacy session: server objects carry per-connection protocol state and are never shared.
 */
export function buildSampleServer(store: CrmStore): McpServer {
  const server = new McpServer(SAMPLE_SERVER_INFO, { instructions: INSTRUCTIONS });
  registerContactReadTools(server, store);
  registerContactWriteTools(server, store);
  registerPipelineSummary(server, store);
  registerSummarizeAccountPrompt(server, store);
  return server;
}

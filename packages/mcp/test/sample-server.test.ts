import { afterEach, describe, expect, it } from 'vitest';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import {
  discoverUpstream,
  startSampleMcpServer,
  type SampleMcpServer,
  type SampleMcpServerOptions,
} from '@mcpgw/mcp';

const TOOL_ANNOTATIONS = {
  search_contacts: { readOnlyHint: true, openWorldHint: false },
  get_contact: { readOnlyHint: true, openWorldHint: false },
  create_note: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
  update_contact_email: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
  delete_contact: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: false,
  },
  get_pipeline_summary: { readOnlyHint: true, openWorldHint: false },
};

/**
 * Answers the 2026-07-28 `server/discover` probe the way a 2025-only server does (400, not
 * initialized), so discovery falls back to `initialize` and exercises the session leg.
 */
const legacyOnlyFetch: typeof fetch = async (input, init) => {
  const body = typeof init?.body === 'string' ? init.body : '';
  if (body.includes('"server/discover"')) {
    return Response.json(
      { jsonrpc: '2.0', id: null, error: { code: -32000, message: 'Server not initialized' } },
      { status: 400 },
    );
  }
  return fetch(input, init);
};

function useSampleServers(): (
  options?: Partial<SampleMcpServerOptions>,
) => Promise<SampleMcpServer> {
  const started: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((item) => item.close()));
  });
  return async (options = {}) => {
    const server = await startSampleMcpServer({ host: '127.0.0.1', port: 0, ...options });
    started.push(server);
    return server;
  };
}

async function connectClient(
  url: string,
  era: 'modern' | 'legacy',
  cleanup?: Array<{ close(): Promise<void> }>,
): Promise<Client> {
  const client = new Client(
    { name: 'sample-server-test', version: '1.0.0' },
    era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {},
  );
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  cleanup?.push(client);
  return client;
}

describe('startSampleMcpServer', () => {
  const start = useSampleServers();
  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close().catch(() => undefined)));
  });

  it.each([
    { name: 'a 2026-07-28 client', fetchImpl: undefined, era: 'stateless-2026-07-28' },
    { name: 'a 2025-only client', fetchImpl: legacyOnlyFetch, era: 'session-2025-11-25' },
  ])(
    'when $name discovers it, then it finds 6 annotated tools, the pipeline resource and the prompt',
    async ({ fetchImpl, era }) => {
      const server = await start();

      const result = await discoverUpstream({
        url: server.url,
        timeoutMs: 10_000,
        ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }),
      });

      expect(result.era).toBe(era);
      expect(result.serverInfo.name).toBe('acme-crm');
      const tools = result.tools as Array<{
        name: string;
        annotations?: object;
        outputSchema?: object;
      }>;
      expect(Object.fromEntries(tools.map((tool) => [tool.name, tool.annotations]))).toEqual(
        TOOL_ANNOTATIONS,
      );
      expect(tools.every((tool) => tool.outputSchema !== undefined)).toBe(true);
      expect(result.resources).toEqual([
        expect.objectContaining({ uri: 'crm://pipeline/summary', mimeType: 'application/json' }),
      ]);
      expect(result.prompts).toEqual([
        expect.objectContaining({
          name: 'summarize_account',
          arguments: [expect.objectContaining({ name: 'accountId', required: true })],
        }),
      ]);
    },
  );

  it.each(['modern', 'legacy'] as const)(
    'when a %s client searches contacts, then it gets the matching contacts as structured content',
    async (era) => {
      const server = await start();
      const client = await connectClient(server.url, era, clients);

      const result = await client.callTool({
        name: 'search_contacts',
        arguments: { query: 'globex' },
      });

      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({
        total: 2,
        contacts: [{ id: 'ct_001' }, { id: 'ct_002' }],
      });
    },
  );

  it.each(['modern', 'legacy'] as const)(
    'when a %s client deletes a contact, then it and its notes are gone for later callers',
    async (era) => {
      const server = await start();
      const client = await connectClient(server.url, era, clients);

      const deleted = await client.callTool({
        name: 'delete_contact',
        arguments: { contactId: 'ct_001' },
      });
      const other = await connectClient(server.url, 'modern', clients);
      const lookup = await other.callTool({
        name: 'get_contact',
        arguments: { contactId: 'ct_001' },
      });

      expect(deleted.structuredContent).toEqual({ deleted: 'ct_001', notesDeleted: 1 });
      expect(lookup.isError).toBe(true);
    },
  );

  it.each(['get_contact', 'delete_contact', 'create_note', 'update_contact_email'])(
    'when %s is called with an unknown contact id, then the result is a tool error naming the id',
    async (tool) => {
      const server = await start();
      const client = await connectClient(server.url, 'modern', clients);

      const result = await client.callTool({
        name: tool,
        arguments: argumentsFor(tool),
      });

      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toContain('ct_999');
    },
  );

  it('when arguments break the input schema, then the result is a tool error, not a crash', async () => {
    const server = await start();
    const client = await connectClient(server.url, 'legacy', clients);

    const result = await client.callTool({
      name: 'update_contact_email',
      arguments: { contactId: 'ct_003', email: 'not-an-email' },
    });
    const unchanged = await client.callTool({
      name: 'get_contact',
      arguments: { contactId: 'ct_003' },
    });

    expect(result.isError).toBe(true);
    expect(unchanged.structuredContent).toMatchObject({
      contact: { email: 'bill.lumbergh@initech.example.com' },
    });
  });

  it('when the pipeline resource is read, then it matches the summary tool', async () => {
    const server = await start();
    const client = await connectClient(server.url, 'modern', clients);

    const resource = await client.readResource({ uri: 'crm://pipeline/summary' });
    const tool = await client.callTool({ name: 'get_pipeline_summary', arguments: {} });

    const text = (resource.contents[0] as { text: string }).text;
    expect(JSON.parse(text)).toEqual(tool.structuredContent);
    expect(tool.structuredContent).toMatchObject({ openDeals: 4, openValue: 430_000 });
  });

  it('when the prompt is asked for an account, then the message carries its deals', async () => {
    const server = await start();
    const client = await connectClient(server.url, 'legacy', clients);

    const prompt = await client.getPrompt({
      name: 'summarize_account',
      arguments: { accountId: 'acc_002' },
    });

    const message = prompt.messages[0]?.content as { text: string };
    expect(message.text).toContain('Initech TPS automation');
  });

  it('when a 2025-03-26 client initializes, then it gets that revision and a session', async () => {
    const server = await start();

    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-03-26',
          capabilities: {},
          clientInfo: { name: 'old-client', version: '0.1.0' },
        },
      }),
    });

    const body = (await response.json()) as { result: { protocolVersion: string } };
    expect(response.status).toBe(200);
    expect(body.result.protocolVersion).toBe('2025-03-26');
    expect(response.headers.get('mcp-session-id')).toMatch(/\S+/);
    expect(server.sessionCount).toBe(1);
  });
});

describe('startSampleMcpServer sessions', () => {
  const start = useSampleServers();
  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close().catch(() => undefined)));
  });

  it('when the session limit is reached and none is idle, then a new session is refused with 503', async () => {
    const server = await start({ maxSessions: 2 });
    await connectClient(server.url, 'legacy', clients);
    await connectClient(server.url, 'legacy', clients);

    const third = connectClient(server.url, 'legacy', clients);

    await expect(third).rejects.toThrow(/503|Too many open sessions/);
    expect(server.sessionCount).toBe(2);
  });

  it('when the limit is reached and a session is idle, then it is reaped to make room', async () => {
    const server = await start({ maxSessions: 1, sessionIdleTimeoutMs: 50 });
    const first = await connectClient(server.url, 'legacy', clients);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const second = await connectClient(server.url, 'legacy', clients);

    const fresh = await second.callTool({ name: 'get_pipeline_summary', arguments: {} });
    expect(fresh.isError).toBeFalsy();
    await expect(first.callTool({ name: 'get_pipeline_summary', arguments: {} })).rejects.toThrow(
      /404|Session not found/,
    );
    expect(server.sessionCount).toBe(1);
  });

  it('when a session stays idle, then the periodic sweep closes it', async () => {
    const server = await start({ sessionIdleTimeoutMs: 100 });
    await connectClient(server.url, 'legacy', clients);
    expect(server.sessionCount).toBe(1);

    await expect.poll(() => server.sessionCount, { timeout: 3_000, interval: 100 }).toBe(0);
  });

  it('when the modern era is used, then no session is kept', async () => {
    const server = await start({ maxSessions: 1 });

    for (let i = 0; i < 3; i += 1) {
      const client = await connectClient(server.url, 'modern', clients);
      await client.callTool({ name: 'search_contacts', arguments: { query: 'a' } });
    }

    expect(server.sessionCount).toBe(0);
  });
});

function argumentsFor(tool: string): Record<string, unknown> {
  switch (tool) {
    case 'create_note':
      return { contactId: 'ct_999', body: 'Called about renewal.' };
    case 'update_contact_email':
      return { contactId: 'ct_999', email: 'new@example.com' };
    default:
      return { contactId: 'ct_999' };
  }
}

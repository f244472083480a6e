import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

/** `stateless`: the 2026-07-28 era (server/discover, no session); `legacy`: a 2025 session. */
export type AgentEra = 'stateless' | 'legacy';

export interface AgentTool {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

export interface AgentToolResult {
  content: Array<Record<string, unknown>>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export interface AgentClient {
  /** The revision the SDK negotiated with the server, e.g. `2026-07-28` or `2025-11-25`. */
  readonly protocolVersion: string;
  /** Every page of tools/list. */
  listTools(): Promise<AgentTool[]>;
  callTool(name: string, args?: Record<string, unknown>): Promise<AgentToolResult>;
  close(): Promise<void>;
}

const MODERN_REVISION = '2026-07-28';
const MAX_PAGES = 100;

/**
 * Test support: a real SDK client, as an agent would run it, with a bearer token on every
 * request. `stateless` pins the modern revision (no fallback), `legacy` runs the plain 2025
 * initialize handshake and keeps its session until close().
 */
export async function connectAgent(options: {
  url: string;
  token: string;
  era: AgentEra;
  timeoutMs?: number;
}): Promise<AgentClient> {
  const timeout = options.timeoutMs ?? 15_000;
  const transport = new StreamableHTTPClientTransport(new URL(options.url), {
    requestInit: { headers: { authorization: `Bearer ${options.token}` } },
  });
  const client = new Client(
    { name: `mcpgw-test-agent-${options.era}`, version: '1.0.0' },
    {
      versionNegotiation: {
        mode: options.era === 'stateless' ? { pin: MODERN_REVISION } : 'legacy',
      },
    },
  );
  client.onerror = () => undefined;
  try {
    await client.connect(transport, { timeout });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  return {
    protocolVersion: client.getNegotiatedProtocolVersion() ?? 'unknown',
    async listTools() {
      const tools: AgentTool[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const result = await client.listTools(cursor === undefined ? {} : { cursor }, { timeout });
        tools.push(...(result.tools as AgentTool[]));
        cursor = result.nextCursor;
        if (cursor === undefined) return tools;
      }
      throw new Error(`tools/list returned more than ${MAX_PAGES} pages`);
    },
    async callTool(name, args = {}) {
      const result = await client.callTool({ name, arguments: args }, { timeout });
      return result as unknown as AgentToolResult;
    },
    async close() {
      if (transport.sessionId !== undefined) {
        await transport.terminateSession().catch(() => undefined);
      }
      await client.close().catch(() => undefined);
    },
  };
}

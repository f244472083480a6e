/** Reads a JSON-RPC answer sent as JSON or as a text/event-stream. */
async function rpcResult(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('text/event-stream')
    ? (text
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
        .at(-1) ?? '')
    : text;
  const message = JSON.parse(json) as Record<string, unknown>;
  if (message.error !== undefined)
    throw new Error(`gateway answered ${JSON.stringify(message.error)}`);
  return (message.result ?? {}) as Record<string, unknown>;
}

/**
 * initialize + tools/list over Streamable HTTP with the agent's token. Returns the number of
 * tools, or undefined when the gateway cannot be reached at all.
 */
export async function listGatewayTools(mcpUrl: string, token: string): Promise<number | undefined> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  };
  const post = (body: unknown) =>
    fetch(mcpUrl, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  let init: Response;
  try {
    init = await post({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'post-deploy-smoke', version: '1' },
      },
    });
  } catch {
    return undefined;
  }
  if (!init.ok) throw new Error(`gateway initialize answered ${init.status}`);
  const initResult = await rpcResult(init);
  const session = init.headers.get('mcp-session-id');
  if (session !== null) headers['mcp-session-id'] = session;
  if (typeof initResult.protocolVersion === 'string')
    headers['mcp-protocol-version'] = initResult.protocolVersion;
  await (await post({ jsonrpc: '2.0', method: 'notifications/initialized' })).body?.cancel();
  const list = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} });
  if (!list.ok) throw new Error(`gateway tools/list answered ${list.status}`);
  const tools = (await rpcResult(list)).tools;
  return Array.isArray(tools) ? tools.length : 0;
}

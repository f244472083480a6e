// Upstreams for the gateway benchmark, in their own process: a minimal raw `node:http`
// JSON-RPC echo (2026-07-28, stateless) and two real SDK servers (stateless and 2025 session era)
// with the same echo tool. Reports their URLs over IPC and stops when the parent says so.
import { createServer } from 'node:http';
import { startFixtureServer } from '@mcpgw/mcp';

const ECHO_TOOL = {
  name: 'echo',
  description: 'Echoes its text argument.',
  inputSchema: {
    type: 'object',
    properties: { text: { type: 'string' } },
    required: ['text'],
    additionalProperties: false,
  },
  annotations: { readOnlyHint: true },
  handler: (args) => ({ content: [{ type: 'text', text: String(args['text']) }] }),
};

const SERVER_INFO = {
  'io.modelcontextprotocol/serverInfo': { name: 'raw-echo', version: '1.0.0' },
};
const DISCOVER = {
  supportedVersions: ['2026-07-28'],
  capabilities: { tools: {} },
  resultType: 'complete',
  ttlMs: 0,
  cacheScope: 'private',
  _meta: SERVER_INFO,
};

/** The cheapest correct 2026-07-28 echo server: one JSON parse and one stringify per call. */
function startRawEcho() {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let message;
      try {
        message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      let result;
      if (message.method === 'tools/call') {
        const text = String(message.params?.arguments?.text ?? '');
        result = { content: [{ type: 'text', text }], resultType: 'complete', _meta: SERVER_INFO };
      } else if (message.method === 'server/discover') result = DISCOVER;
      else if (message.method === 'tools/list') {
        const { handler: _h, ...tool } = ECHO_TOOL;
        result = { tools: [tool], resultType: 'complete', ttlMs: 0, cacheScope: 'private' };
      } else {
        const body = JSON.stringify({
          jsonrpc: '2.0',
          id: message.id ?? null,
          error: { code: -32601, message: 'Method not found' },
        });
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
        return;
      }
      const body = JSON.stringify({ result, jsonrpc: '2.0', id: message.id });
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}/mcp`,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

const raw = await startRawEcho();
const sdkStateless = await startFixtureServer({ era: 'stateless', tools: [ECHO_TOOL] });
const sdkSession = await startFixtureServer({
  era: 'session',
  tools: [ECHO_TOOL],
  protocolVersion: '2025-11-25',
});
process.send({
  type: 'ready',
  urls: { raw: raw.url, sdk: sdkStateless.url, legacy: sdkSession.url },
});
process.on('message', async (msg) => {
  if (msg?.type !== 'stop') return;
  await Promise.all([raw.close(), sdkStateless.close(), sdkSession.close()]);
  process.exit(0);
});
process.on('disconnect', () => process.exit(0));

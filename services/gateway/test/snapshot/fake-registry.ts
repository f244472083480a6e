import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A tiny HTTP server on 127.0.0.1 whose answer each test sets; records every request. */
export async function startFakeServer(): Promise<{
  url: string;
  requests: IncomingMessage[];
  answer(handler: Handler): void;
  close(): Promise<void>;
}> {
  let handler: Handler = (_req, res) => res.writeHead(503).end();
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (next) => (handler = next),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

export function snapshotJson(generatedAt: string, agentIds: string[] = []): string {
  return JSON.stringify({
    schemaVersion: 1,
    environment: 'dev',
    generatedAt,
    servers: [],
    scopes: [],
    policies: [],
    agents: agentIds.map((id) => ({
      id,
      status: 'active',
      grantedScopes: [],
      versionPins: {},
      environments: ['dev'],
    })),
  });
}

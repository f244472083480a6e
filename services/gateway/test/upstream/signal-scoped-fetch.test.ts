import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getEventListeners } from 'node:events';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignalScopedFetch } from '../../src/data-access/upstream/signal-scoped-fetch.js';

let server: Server;
let url: string;
const dispatcher = new Agent({ connections: 4 });

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/stream') {
      // An event stream that stays open until the client goes away.
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await dispatcher.close();
});

describe('createSignalScopedFetch', () => {
  it('when many requests share one long-lived signal, then it keeps a single abort listener', async () => {
    const fetchVia = createSignalScopedFetch(dispatcher);
    const session = new AbortController();

    for (let i = 0; i < 50; i += 1) {
      const response = await fetchVia(`${url}/json`, { method: 'POST', signal: session.signal });
      await response.text();
    }
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const response = await fetchVia(`${url}/json`, { method: 'POST', signal: session.signal });
        await response.text();
      }),
    );

    expect(getEventListeners(session.signal, 'abort')).toHaveLength(1);
  });

  it('when the shared signal aborts while an event stream is read, then the read stops', async () => {
    const fetchVia = createSignalScopedFetch(dispatcher);
    const session = new AbortController();
    const response = await fetchVia(`${url}/stream`, { signal: session.signal });
    const reader = response.body!.getReader();
    await reader.read();

    session.abort();

    await expect(reader.read()).rejects.toThrow();
  });

  it('when a request has finished, then a later abort of the shared signal leaves it alone', async () => {
    const fetchVia = createSignalScopedFetch(dispatcher);
    const session = new AbortController();
    const finished = await fetchVia(`${url}/json`, { method: 'POST', signal: session.signal });
    const open = await fetchVia(`${url}/stream`, { signal: session.signal });
    const reader = open.body!.getReader();
    await reader.read();

    session.abort();

    await expect(finished.text()).resolves.toBe('{"ok":true}');
    await expect(reader.read()).rejects.toThrow();
  });

  it('when the signal is already aborted, then the request is refused', async () => {
    const fetchVia = createSignalScopedFetch(dispatcher);

    await expect(fetchVia(`${url}/json`, { signal: AbortSignal.abort() })).rejects.toThrow();
  });
});

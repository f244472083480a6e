import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createBaseApp, startHttpServer } from '@mcpgw/http';
import { captureLogger, startTestServer } from './test-server.js';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('startHttpServer', () => {
  it('when closed during a slow request, then the request completes before close resolves', async () => {
    const events: string[] = [];
    const server = await startTestServer({
      routes: ({ app }) => {
        app.get('/slow', async (_req, res) => {
          await delay(300);
          res.json({ done: true });
        });
      },
      closers: [
        async () => {
          events.push('closer');
        },
      ],
    });
    const inFlight = fetch(`${server.url}/slow`).then(async (res) => {
      events.push('response');
      return { status: res.status, body: (await res.json()) as unknown };
    });
    await delay(50);

    const closing = server.running.close().then(() => events.push('closed'));
    const result = await inFlight;
    await closing;

    expect(result).toEqual({ status: 200, body: { done: true } });
    expect(events).toEqual(['response', 'closer', 'closed']);
    expect(server.lifecycle.isShuttingDown()).toBe(true);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('when a request outlives the drain timeout, then the connection is cut and close resolves', async () => {
    const server = await startTestServer({
      drainTimeoutMs: 200,
      routes: ({ app }) => {
        app.get('/hang', () => undefined);
      },
    });
    const hung = fetch(`${server.url}/hang`).then(
      () => 'answered',
      () => 'cut',
    );
    await delay(50);
    const started = Date.now();

    await server.running.close();

    expect(await hung).toBe('cut');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.logs.lines().some((l) => l.message === 'shutdown complete')).toBe(true);
  });

  it('when a closer fails, then the later closers still run and close resolves', async () => {
    const ran: string[] = [];
    const server = await startTestServer({
      closers: [
        async () => {
          throw new Error('pool already gone');
        },
        async () => {
          ran.push('second');
        },
      ],
    });

    await server.running.close();

    expect(ran).toEqual(['second']);
    const failure = server.logs.lines().find((l) => l.message === 'shutdown closer failed');
    expect(failure).toMatchObject({ error: 'pool already gone' });
  });

  it('when close is called twice, then both calls resolve and closed resolves', async () => {
    const server = await startTestServer();

    await Promise.all([server.running.close(), server.running.close()]);

    await expect(server.running.closed).resolves.toBeUndefined();
  });

  it('when the port is taken, then startHttpServer rejects with EADDRINUSE', async () => {
    const first = await startTestServer();
    const port = Number(new URL(first.url).port);
    const base = createBaseApp({ service: 'dup', logger: first.logger });

    const attempt = startHttpServer(base.app, {
      port,
      host: '127.0.0.1',
      logger: first.logger,
      lifecycle: base.lifecycle,
      handleSignals: false,
    });

    await expect(attempt).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await first.running.close();
  });

  it('when a client sends its headers too slowly, then the server answers 408 and hangs up', async () => {
    const { logger } = captureLogger();
    const base = createBaseApp({ service: 'slowloris', logger });
    base.finalize();
    const running = await startHttpServer(base.app, {
      port: 0,
      host: '127.0.0.1',
      logger,
      lifecycle: base.lifecycle,
      handleSignals: false,
      headersTimeoutMs: 300,
      requestTimeoutMs: 1_000,
    });
    const { port } = new URL(running.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: a'); // never finishes the headers

    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 6_000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });

    expect(socket.destroyed || socket.readableEnded).toBe(true);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    socket.destroy();
    await running.close();
  });
});

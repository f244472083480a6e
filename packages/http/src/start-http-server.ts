import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from '@mcpgw/logger';
import { drainServer, runClosers } from './drain-server.js';
import type { Lifecycle } from './lifecycle.js';

export interface StartHttpServerOptions {
  port: number;
  host: string;
  logger: Logger;
  lifecycle: Lifecycle;
  /** Run in order after the server has drained (close pools, flush buffers). */
  closers?: Array<() => Promise<void>>;
  /** Longest wait for in-flight requests on shutdown. Default 10 s. */
  drainTimeoutMs?: number;
  /** Longest wait for each closer. Default 5 s. */
  closerTimeoutMs?: number;
  /** Shut down on SIGTERM/SIGINT. Default true; tests pass false. */
  handleSignals?: boolean;
  /** Time allowed to receive the request headers. Default 10 s (slowloris bound). */
  headersTimeoutMs?: number;
  /** Time allowed to receive the whole request. Default 30 s. */
  requestTimeoutMs?: number;
  /** Idle keep-alive. Default 65 s: longer than the ALB's 60 s idle timeout, avoiding 502s. */
  keepAliveTimeoutMs?: number;
}

export interface RunningServer {
  server: Server;
  url: string;
  /** Starts the graceful shutdown (idempotent); resolves when it is complete. */
  close(): Promise<void>;
  /** Resolves when the server has shut down, whoever started it (signal or close()). */
  closed: Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function urlOf(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/** Listens, and shuts down gracefully on a signal or close(): fail readiness, drain, close. */
export async function startHttpServer(
  app: Express,
  options: StartHttpServerOptions,
): Promise<RunningServer> {
  const { logger, lifecycle } = options;
  const server = createServer(
    {
      ...messageClassesOf(app),
      headersTimeout: options.headersTimeoutMs ?? 10_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      // Node enforces the two timeouts above only when it sweeps; its 30 s default is too coarse.
      connectionsCheckingInterval: 2_000,
    },
    app,
  );
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 65_000;
  // During a drain, tell keep-alive clients not to send another request on this connection.
  server.prependListener('request', (_req, res) => {
    if (lifecycle.isShuttingDown() && !res.headersSent) res.setHeader('Connection', 'close');
  });
  await listen(server, options.port, options.host);
  const url = urlOf(server);

  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let shutdown: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info('shutdown signal received; send it again to force exit', { signal });
    void close();
  };
  const close = (): Promise<void> => {
    shutdown ??= (async () => {
      lifecycle.beginShutdown();
      logger.info('shutting down: readiness failing, draining requests', { url });
      await drainServer(server, options.drainTimeoutMs ?? 10_000, logger);
      await runClosers(options.closers ?? [], options.closerTimeoutMs ?? 5_000, logger);
      process.off('SIGTERM', onSignal).off('SIGINT', onSignal);
      logger.info('shutdown complete');
      resolveClosed();
    })();
    return shutdown;
  };

  if (options.handleSignals ?? true) {
    // once: a second signal gets Node's default action, so an operator can still force exit.
    process.once('SIGTERM', onSignal).once('SIGINT', onSignal);
  }
  return { server, url, close, closed };
}

/**
 * Requests and responses built with the app's own prototypes, so express's per-request
 * `Object.setPrototypeOf(req, app.request)` finds the prototype already in place and does nothing.
 * Changing the prototype of live objects made V8 keep each request's graph past young-generation
 * GCs: old space filled with request garbage (RSS) and scavenges copied it (CPU).
 */
function messageClassesOf(app: { request?: object; response?: object }) {
  if (app.request === undefined || app.response === undefined) return {};
  function Request(this: IncomingMessage, ...args: unknown[]) {
    (IncomingMessage as unknown as (...a: unknown[]) => void).apply(this, args);
  }
  Request.prototype = app.request;
  function Response(this: ServerResponse, ...args: unknown[]) {
    (ServerResponse as unknown as (...a: unknown[]) => void).apply(this, args);
  }
  Response.prototype = app.response;
  return {
    IncomingMessage: Request as unknown as typeof IncomingMessage,
    ServerResponse: Response as unknown as typeof ServerResponse,
  };
}

import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@mcpgw/logger';
import { createBaseApp, startHttpServer, type BaseApp, type BaseAppOptions } from '@mcpgw/http';
import type { RunningServer } from '@mcpgw/http';

/** Collects the logger's JSON lines so tests can assert what an operator would read. */
export interface CapturedLogs {
  lines(): Array<Record<string, unknown>>;
}

export function captureLogger(): { logger: Logger; logs: CapturedLogs } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const logger = createLogger({ service: 'http-test', level: 'debug', stream });
  const lines = (): Array<Record<string, unknown>> =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, logs: { lines } };
}

export interface TestServer extends BaseApp {
  logger: Logger;
  running: RunningServer;
  url: string;
  logs: CapturedLogs;
}

/**
 * A base app on 127.0.0.1 with a free port. `routes` adds the service routes before
 * finalize(), the way a service's createApp does.
 */
export async function startTestServer(
  options: Partial<Omit<BaseAppOptions, 'logger'>> & {
    routes?: (base: BaseApp) => void;
    drainTimeoutMs?: number;
    closers?: Array<() => Promise<void>>;
  } = {},
): Promise<TestServer> {
  const { logger, logs } = captureLogger();
  const base = createBaseApp({ service: 'http-test', ...options, logger });
  options.routes?.(base);
  base.finalize();
  const running = await startHttpServer(base.app, {
    port: 0,
    host: '127.0.0.1',
    logger,
    lifecycle: base.lifecycle,
    handleSignals: false,
    drainTimeoutMs: options.drainTimeoutMs ?? 2_000,
    closers: options.closers ?? [],
  });
  return { ...base, logger, running, url: running.url, logs };
}

import winston from 'winston';
import type { Logger } from 'winston';
import { CONTEXT, logLineFormat } from './log-line-format.js';
import { getRequestContext } from './request-context.js';

export interface CreateLoggerOptions {
  service: string;
  level?: 'error' | 'warn' | 'info' | 'debug';
  /** Where JSON lines go; tests pass a capture stream. Defaults to process.stdout. */
  stream?: NodeJS.WritableStream;
}

/**
 * Create the process logger: JSON lines, redacted, with the request context's ids. Create it
 * once in `main.ts` and pass it (or `logger.child({ component })`) to whoever needs it.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const logger = winston.createLogger({
    level: options.level ?? 'info',
    format: logLineFormat(options.service),
    transports: [new winston.transports.Stream({ stream: options.stream ?? process.stdout })],
  });
  captureContextAtCallTime(logger);
  return logger;
}

type Info = Record<string | symbol, unknown>;

// triple-beam's LEVEL, the key winston stores the level under (a registered symbol).
const LEVEL = Symbol.for('level');

/**
 * winston formats run inside the logger's Transform stream; if a write is ever buffered the
 * format would run outside the caller's AsyncLocalStorage context and lose the request id.
 * Every log call (child loggers included) funnels through the root logger's `write`, so the
 * context is captured there, synchronously with the call. Lines below the level stop there too.
 */
function captureContextAtCallTime(logger: Logger): void {
  const write = logger.write.bind(logger) as (info: Info) => boolean;
  const writeWithContext = (info: Info): boolean => {
    // winston formats (redacts, serializes) every line before its transport drops the ones
    // below the level; a hot path logging at info under LOG_LEVEL=warn would pay for all of it.
    const level = info[LEVEL] ?? info['level'];
    if (typeof level === 'string' && level in logger.levels && !logger.isLevelEnabled(level))
      return true;
    // `logger.error(err)` hands winston the caller's Error itself; copy it rather than tag it.
    const own: Info = info instanceof Error ? { ...info, message: info } : info;
    own[CONTEXT] = getRequestContext();
    return write(own);
  };
  logger.write = writeWithContext as typeof logger.write;
}

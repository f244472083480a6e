import { loadConfigOrExit } from '@mcpgw/config';
import { createLogger } from '@mcpgw/logger';
import { startSampleMcpServer } from '@mcpgw/mcp';
import { configSchema } from './config.js';

const SERVICE_NAME = 'sample-mcp-server';

// Composition root. The environment is parsed before anything else so a bad setting stops the
// process here with every problem listed.
const config = loadConfigOrExit(configSchema, { service: SERVICE_NAME });
const logger = createLogger({ service: SERVICE_NAME, level: config.LOG_LEVEL });

try {
  const server = await startSampleMcpServer({
    host: config.SAMPLE_MCP_HOST,
    port: config.SAMPLE_MCP_PORT,
    maxSessions: config.SAMPLE_MCP_MAX_SESSIONS,
    sessionIdleTimeoutMs: config.SAMPLE_MCP_SESSION_IDLE_MS,
    onError: (error) => logger.warn('sample MCP request failed', { error: error.message }),
  });
  logger.info('sample MCP server listening', { url: server.url });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping sample MCP server', { signal, openSessions: server.sessionCount });
    server.close().then(
      () => logger.info('sample MCP server stopped'),
      (error: unknown) => {
        logger.error('sample MCP server did not stop cleanly', { error: String(error) });
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
} catch (error) {
  logger.error('sample MCP server failed to start', {
    error: error instanceof Error ? error.message : String(error),
  });
  process.exitCode = 1;
}

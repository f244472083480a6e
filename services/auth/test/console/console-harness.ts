import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startHttpServer } from '@mcpgw/http';
import { createLogger } from '@mcpgw/logger';
import { getFreePort } from '@mcpgw/testing';
import { createApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { createIdentityEdge } from '../../src/console/create-identity-edge.js';
import { createEmbeddedIdp } from '../../src/embedded-idp/create-embedded-idp.js';
import { createMemorySessionStore } from '../../src/sessions/memory-session-store.js';
import type { SessionRecord, SessionStore } from '../../src/sessions/session-store.js';
import {
  captureStream,
  makeTempDir,
  REPO_IDENTITY_FILE,
} from '../embedded-idp/start-embedded-auth.js';

export interface ConsoleAuth {
  url: string;
  issuer: string;
  store: SessionStore;
  /** Lets a test rewrite a stored record (tampering with what the callback checks). */
  tamper(change: (record: SessionRecord) => void): void;
  /** Moves the session clock forward. */
  advance(ms: number): void;
  secrets: { clients: Record<string, string>; users: Record<string, string> };
  logs(): string;
  close(): Promise<void>;
}

/** The auth service in embedded mode with console login and token exchange, on a free port. */
export async function startConsoleAuth(env: Record<string, string> = {}): Promise<ConsoleAuth> {
  const temp = await makeTempDir();
  const port = await getFreePort();
  const secretsFile = path.join(temp.dir, 'identity-secrets.json');
  const config = configSchema.parse({
    AUTH_MODE: 'embedded',
    AUTH_PUBLIC_URL: `http://127.0.0.1:${port}`,
    AUTH_DEV_IDENTITY_FILE: REPO_IDENTITY_FILE,
    AUTH_DEV_SECRETS_FILE: secretsFile,
    AUTH_GROUP_SCOPES: JSON.stringify({ 'team-crm': ['crm.read'] }),
    ...env,
  });
  const capture = captureStream();
  const logger = createLogger({ service: 'auth', level: 'debug', stream: capture.stream });
  let offset = 0;
  const memory = createMemorySessionStore();
  let tamper: ((record: SessionRecord) => void) | undefined;
  const store: SessionStore = {
    ...memory,
    async take(key, now) {
      const record = await memory.take(key, now);
      if (record !== undefined) tamper?.(record);
      return record;
    },
  };
  const embeddedIdp = await createEmbeddedIdp(config, logger);
  const edge = createIdentityEdge({
    config,
    logger,
    store,
    embedded: embeddedIdp,
    now: () => Date.now() + offset,
  });
  const { app, lifecycle } = createApp({
    config,
    logger,
    embeddedIdp,
    console: edge.console,
    tokenExchange: edge.tokenExchange,
  });
  const running = await startHttpServer(app, {
    port,
    host: '127.0.0.1',
    logger,
    lifecycle,
    handleSignals: false,
  });
  const secrets = JSON.parse(await readFile(secretsFile, 'utf8')) as ConsoleAuth['secrets'];
  return {
    url: running.url,
    issuer: embeddedIdp.issuer,
    store,
    tamper: (change) => {
      tamper = change;
    },
    advance: (ms) => {
      offset += ms;
    },
    secrets,
    logs: capture.text,
    close: async () => {
      await running.close();
      await temp.remove();
    },
  };
}

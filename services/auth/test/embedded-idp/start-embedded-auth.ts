import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { startHttpServer, type RunningServer } from '@mcpgw/http';
import { createLogger } from '@mcpgw/logger';
import { getFreePort } from '@mcpgw/testing';
import { composeAuthApp } from '../../src/compose-auth-app.js';
import { configSchema } from '../../src/config.js';
import { createMemorySessionStore } from '../../src/sessions/memory-session-store.js';

/** The committed seed, so the tests also prove the file `make dev` uses is valid. */
export const REPO_IDENTITY_FILE = fileURLToPath(
  new URL('../../../../config/dev-identity.yaml', import.meta.url),
);
export const GATEWAY_RESOURCE = 'http://127.0.0.1:7003/mcp';

export interface EmbeddedAuth {
  url: string;
  issuer: string;
  tokenEndpoint: string;
  logs(): string;
  close(): Promise<void>;
}

export function captureStream(): { stream: Writable; text(): string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return { stream, text: () => text };
}

export async function makeTempDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mcpgw-auth-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Starts the auth service in embedded mode (provider and admin endpoints) on a free loopback
 * port. The issuer must carry the real port (verifiers fetch discovery from it), hence a chosen
 * port rather than port 0.
 */
export async function startEmbeddedAuth(env: Record<string, string>): Promise<EmbeddedAuth> {
  const port = await getFreePort();
  const config = configSchema.parse({
    AUTH_MODE: 'embedded',
    AUTH_PUBLIC_URL: `http://127.0.0.1:${port}`,
    AUTH_DEV_IDENTITY_FILE: REPO_IDENTITY_FILE,
    ...env,
  });
  const capture = captureStream();
  const logger = createLogger({ service: 'auth', level: 'debug', stream: capture.stream });
  const { app, lifecycle, embeddedIdp } = await composeAuthApp({
    config,
    logger,
    store: createMemorySessionStore(),
  });
  if (embeddedIdp === undefined) throw new Error('embedded mode composed without its provider');
  const running: RunningServer = await startHttpServer(app, {
    port,
    host: '127.0.0.1',
    logger,
    lifecycle,
    handleSignals: false,
  });
  return {
    url: running.url,
    issuer: embeddedIdp.issuer,
    tokenEndpoint: `${embeddedIdp.issuer}/token`,
    logs: capture.text,
    close: () => running.close(),
  };
}

export interface TokenResponse {
  status: number;
  body: Record<string, unknown>;
}

export async function requestToken(
  tokenEndpoint: string,
  credentials: { clientId: string; secret: string },
  params: Record<string, string> = {},
): Promise<TokenResponse> {
  const basic = Buffer.from(`${credentials.clientId}:${credentials.secret}`).toString('base64');
  const res = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...params }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

import { createServer, type Server, type Socket } from 'node:net';
import type { Db } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '@mcpgw/errors';
import { connectMongo, pingMongo } from '@mcpgw/mongo';

let server: Server | undefined;
const sockets = new Set<Socket>();

afterEach(async () => {
  const closing = server;
  server = undefined;
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  if (closing) await new Promise((resolve) => closing.close(resolve));
});

// A loopback port that accepts TCP and then says nothing, like a wedged database.
async function silentPort(): Promise<number> {
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

describe('connectMongo', () => {
  it('when the server does not answer, then rejects NOT_READY with the password masked', async () => {
    const port = await silentPort();
    const err = await rejection(
      connectMongo({
        uri: `mongodb://app:hunter2@127.0.0.1:${port}/?directConnection=true`,
        dbName: 'registry',
        serverSelectionTimeoutMs: 300,
        connectTimeoutMs: 300,
      }),
    );
    expect(err.code).toBe('NOT_READY');
    expect(err.status).toBe(503);
    expect(err.message).toContain(`app:****@127.0.0.1:${port}`);
    const everything = `${err.message} ${String((err.cause as Error).message)} ${err.stack ?? ''}`;
    expect(everything).not.toContain('hunter2');
  });

  it('when the settings are invalid, then rejects CONFIG_INVALID before connecting', async () => {
    const err = await rejection(connectMongo({ uri: 'redis://h', dbName: 'registry' }));
    expect(err.code).toBe('CONFIG_INVALID');
  });
});

describe('pingMongo', () => {
  it('when the server answers, then resolves', async () => {
    const db = { command: async () => ({ ok: 1 }) } as unknown as Db;
    await expect(pingMongo(db)).resolves.toBeUndefined();
  });

  it('when the command fails, then rejects NOT_READY', async () => {
    const db = { command: () => Promise.reject(new Error('connection reset')) } as unknown as Db;
    expect((await rejection(pingMongo(db))).code).toBe('NOT_READY');
  });

  it('when the command hangs past the timeout, then rejects NOT_READY naming the timeout', async () => {
    const db = { command: () => new Promise(() => undefined) } as unknown as Db;
    const err = await rejection(pingMongo(db, 50));
    expect(err.code).toBe('NOT_READY');
    expect(err.message).toContain('50 ms');
  });
});

import { createServer } from 'node:net';
import { getFreePort } from '@mcpgw/testing';
import { describe, expect, it } from 'vitest';

describe('getFreePort', () => {
  it('when asked for a port, then returns one a server can bind on 127.0.0.1', async () => {
    const port = await getFreePort();
    const server = createServer();

    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));

    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65536);
  });

  it('when asked twice while the first port is in use, then returns a different port', async () => {
    const first = await getFreePort();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(first, '127.0.0.1', resolve));
    try {
      const second = await getFreePort();

      expect(second).not.toBe(first);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('when the host cannot be bound, then rejects', async () => {
    await expect(getFreePort('203.0.113.1')).rejects.toThrow();
  });
});

import { createServer } from 'node:net';

/**
 * Asks the OS for a port that is free right now on `host`. There is a small window in which
 * another process could take it; servers we own should prefer `listen(0)` and read the address,
 * this helper is for components that must be told their port up front (Keycloak, mongod…).
 */
export function getFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error(`could not determine a free port on ${host}`));
        return;
      }
      const { port } = address;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}

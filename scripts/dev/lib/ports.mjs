import net from 'node:net';

/** Resolves true when `host:port` can be bound right now. */
export function isPortFree(port, host) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** Throws naming every busy port, so the developer fixes them all in one go. */
export async function assertPortsFree(processes) {
  const busy = [];
  for (const proc of processes) {
    if (!(await isPortFree(proc.port, proc.host))) busy.push(proc);
  }
  if (busy.length > 0) {
    const list = busy.map((p) => `${p.name} → ${p.host}:${p.port}`).join(', ');
    throw new Error(
      `port already in use: ${list}. Stop whatever holds it, or pick another port, ` +
        `e.g. ${busy[0].name.toUpperCase()}_PORT=${busy[0].port + 100} npm run dev`,
    );
  }
}

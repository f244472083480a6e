import type { Db } from 'mongodb';
import { appError, isAppError } from '@mcpgw/errors';

export const DEFAULT_PING_TIMEOUT_MS = 2000;

/**
 * Round-trips `{ ping: 1 }` for readiness. Bounded by its own timer because a lost server would
 * otherwise hold /readyz for the whole server-selection timeout. Throws NOT_READY.
 */
export async function pingMongo(
  db: Db,
  timeoutMs: number = DEFAULT_PING_TIMEOUT_MS,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(appError('NOT_READY', `MongoDB did not answer a ping within ${timeoutMs} ms.`)),
      timeoutMs,
    );
    timer.unref();
  });
  try {
    await Promise.race([db.command({ ping: 1 }), timeout]);
  } catch (err) {
    if (isAppError(err)) throw err;
    throw appError('NOT_READY', 'MongoDB ping failed.', { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

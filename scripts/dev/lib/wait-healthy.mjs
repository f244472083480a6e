const POLL_MS = 200;

/**
 * Polls `url` until it answers 200, the child exits, or `timeoutMs` passes. Bounded in time and,
 * through the poll interval, in count.
 */
export async function waitHealthy(url, { timeoutMs, exited }) {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline && !gone) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      lastProblem = `HTTP ${res.status}`;
    } catch (error) {
      lastProblem = error.cause?.code ?? error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(
    gone
      ? `exited before ${url} answered`
      : `${url} not healthy after ${timeoutMs / 1000} s (${lastProblem})`,
  );
}

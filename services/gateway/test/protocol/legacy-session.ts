/** A raw 2025-06-18 agent session against the gateway, as an SDK client would drive it. */
export interface LegacySession {
  id: string;
  /** One JSON-RPC request on the session; the parsed reply. */
  request(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /**
   * Opens the standalone GET stream; once it is open, resolves with `next`, the first message of
   * `method` on it (rejects after `timeoutMs`).
   */
  listenFor(
    method: string,
    timeoutMs?: number,
  ): Promise<{ next: Promise<Record<string, unknown>> }>;
}

export async function openLegacySession(url: string, token: string): Promise<LegacySession> {
  let nextId = 1;
  const headers = (id?: string): Record<string, string> => ({
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    authorization: `Bearer ${token}`,
    ...(id === undefined ? {} : { 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' }),
  });
  const post = async (id: string | undefined, body: Record<string, unknown>) =>
    fetch(url, { method: 'POST', headers: headers(id), body: JSON.stringify(body) });
  const init = await post(undefined, {
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'legacy-agent', version: '1' },
    },
  });
  const id = init.headers.get('mcp-session-id');
  await init.text();
  if (init.status !== 200 || id === null) throw new Error(`initialize answered ${init.status}`);
  await (await post(id, { jsonrpc: '2.0', method: 'notifications/initialized' })).text();
  return {
    id,
    async request(method, params = {}) {
      const response = await post(id, { jsonrpc: '2.0', id: nextId++, method, params });
      return JSON.parse(await response.text()) as Record<string, unknown>;
    },
    listenFor: (method, timeoutMs = 5_000) => listen(url, headers(id), method, timeoutMs),
  };
}

/** How long the gateway is given to register the GET stream (its headers come with the first event). */
const STREAM_SETTLE_MS = 300;

async function listen(
  url: string,
  headers: Record<string, string>,
  method: string,
  timeoutMs: number,
): Promise<{ next: Promise<Record<string, unknown>> }> {
  const aborter = new AbortController();
  const timer = setTimeout(() => aborter.abort(), timeoutMs);
  const next = fetch(url, {
    method: 'GET',
    headers: { ...headers, accept: 'text/event-stream' },
    signal: aborter.signal,
  })
    .then((response) => {
      if (response.status !== 200) throw new Error(`GET stream answered ${response.status}`);
      return firstMessage(response, method);
    })
    .finally(() => {
      clearTimeout(timer);
      aborter.abort();
    });
  next.catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, STREAM_SETTLE_MS));
  return { next };
}

async function firstMessage(response: Response, method: string) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffered += value;
      for (const line of buffered.split('\n')) {
        if (!line.startsWith('data:')) continue;
        const message = JSON.parse(line.slice(5)) as Record<string, unknown>;
        if (message['method'] === method) return message;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

export interface FetchJsonOptions {
  timeoutMs: number;
  /** Issuer documents are small; a larger body is a misconfiguration or an attack. */
  maxBytes: number;
}

export type FetchJson = (url: string) => Promise<unknown>;

async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new Error(`response larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * GETs a JSON document with a deadline and a size cap. Redirects are refused: the URL was
 * vetted as trustworthy, a redirect target was not.
 */
export function createFetchJson(options: FetchJsonOptions): FetchJson {
  return async (url) => {
    const response = await fetch(url, {
      redirect: 'error',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (!response.ok || response.body === null) {
      await response.body?.cancel();
      throw new Error(`GET ${url} answered ${response.status}`);
    }
    const bytes = await readCapped(response.body, options.maxBytes);
    return JSON.parse(bytes.toString('utf8')) as unknown;
  };
}

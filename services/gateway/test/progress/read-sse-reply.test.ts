import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readSseReply } from '../../src/data-access/upstream/read-sse-reply.js';
import type { ProgressUpdate } from '../../src/domain/routing/upstream-port.js';

const TOKEN = 'mcpgw-42';

function sse(...messages: unknown[]): string {
  return messages.map((m) => `event: message\ndata: ${JSON.stringify(m)}\n\n`).join('');
}

function progress(params: Record<string, unknown>) {
  return { jsonrpc: '2.0', method: 'notifications/progress', params };
}

const REPLY = { jsonrpc: '2.0', id: 1, result: { content: [], structuredContent: { ok: true } } };

async function read(chunks: Array<string | Buffer>, maxBytes = 1_000_000) {
  const updates: ProgressUpdate[] = [];
  const reply = await readSseReply(Readable.from(chunks.map((c) => Buffer.from(c))), {
    maxBytes,
    id: 1,
    progressToken: TOKEN,
    onProgress: (update) => updates.push(update),
  });
  return { reply, updates };
}

describe('readSseReply', () => {
  it('when progress notifications precede the response, then each is relayed in order and the response is returned', async () => {
    const { reply, updates } = await read([
      sse(
        progress({ progressToken: TOKEN, progress: 1, total: 3, message: 'one' }),
        progress({ progressToken: TOKEN, progress: 2, total: 3 }),
        REPLY,
      ),
    ]);

    expect(reply).toEqual(REPLY);
    expect(updates).toEqual([
      { progress: 1, total: 3, message: 'one' },
      { progress: 2, total: 3 },
    ]);
  });

  it('when events are split across chunks at any byte, then the result is the same', async () => {
    const text = sse(progress({ progressToken: TOKEN, progress: 0.5, message: 'héllo' }), REPLY);
    const bytes = Buffer.from(text);
    for (const cut of [1, 7, 20, bytes.length - 3]) {
      const { reply, updates } = await read([bytes.subarray(0, cut), bytes.subarray(cut)]);

      expect(reply).toEqual(REPLY);
      expect(updates).toEqual([{ progress: 0.5, message: 'héllo' }]);
    }
  });

  it('when the stream uses CRLF line endings and keep-alive comments, then events still parse', async () => {
    const text =
      ': keep-alive\r\n\r\n' +
      `data: ${JSON.stringify(progress({ progressToken: TOKEN, progress: 1 }))}\r\n\r\n` +
      `id: 9\r\ndata: ${JSON.stringify(REPLY)}\r\n\r\n`;

    const { reply, updates } = await read([text]);

    expect(reply).toEqual(REPLY);
    expect(updates).toEqual([{ progress: 1 }]);
  });

  it('when notifications carry another token or malformed fields, then they are ignored', async () => {
    const { updates } = await read([
      sse(
        progress({ progressToken: 'agent-token', progress: 1 }),
        progress({ progressToken: TOKEN, progress: 'two' }),
        progress({ progressToken: TOKEN, progress: 3, total: 'x', message: 4 }),
        { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info' } },
        { jsonrpc: '2.0', id: 1, method: 'sampling/createMessage', params: {} },
        REPLY,
      ),
    ]);

    expect(updates).toEqual([{ progress: 3 }]);
  });

  it('when relaying one update throws, then the call still completes', async () => {
    const reply = await readSseReply(
      Readable.from([Buffer.from(sse(progress({ progressToken: TOKEN, progress: 1 }), REPLY))]),
      {
        maxBytes: 10_000,
        id: 1,
        progressToken: TOKEN,
        onProgress: () => {
          throw new Error('agent went away');
        },
      },
    );

    expect(reply).toEqual(REPLY);
  });

  it('when the stream grows past maxBytes before the response, then it fails as too_large', async () => {
    const chatter = sse(
      ...Array.from({ length: 50 }, (_, i) => progress({ progressToken: TOKEN, progress: i })),
    );

    await expect(read([chatter, sse(REPLY)], 1_000)).rejects.toMatchObject({
      reason: 'too_large',
    });
  });

  it('when the stream ends without the response, or carries garbage, then it fails as bad_response', async () => {
    await expect(
      read([sse(progress({ progressToken: TOKEN, progress: 1 }))]),
    ).rejects.toMatchObject({ reason: 'bad_response' });
    await expect(read(['data: {not json\n\n'])).rejects.toMatchObject({ reason: 'bad_response' });
  });
});

import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProgressUpdate, UpstreamRequest } from '../../src/domain/routing/upstream-port.js';
import {
  defaultResponder,
  startFakeUpstreamHarness,
  type FakeUpstreamHarness,
} from '../mcp/fake-upstream-harness.js';
import { openLegacySession } from '../protocol/legacy-session.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are arbitrary JSON
type Reply = Record<string, any>;

const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 't', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** A 2026-07-28 tools/call; the answer's raw text (SSE when progress is relayed). */
async function modernCall(url: string, token: string, name: string, meta: Reply) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': name,
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name, arguments: {}, _meta: { ...ENVELOPE, ...meta } },
    }),
  });
  return { headers: res.headers, text: await res.text() };
}

/** The JSON-RPC messages of an SSE body, in order. */
function sseMessages(text: string): Reply[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('data:') && line.slice(5).trim() !== '')
    .map((line) => JSON.parse(line.slice(5)) as Reply);
}

describe('progress relay', () => {
  let h: FakeUpstreamHarness;
  let reader: string;
  /** The upstream's progress callback of the last call, kept to report after the result. */
  let late: ((update: ProgressUpdate) => void) | undefined;
  const clients: Client[] = [];
  beforeAll(async () => {
    h = await startFakeUpstreamHarness();
    reader = await h.token('docs.read');
  }, 30_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await h?.close();
  });
  beforeEach(() => {
    // An upstream that reports three steps (one of them twice) before it answers.
    h.respond((request: UpstreamRequest) => {
      late = request.onProgress;
      request.onProgress?.({ progress: 1, total: 3 });
      request.onProgress?.({ progress: 2, total: 3, message: 'halfway' });
      request.onProgress?.({ progress: 2, total: 3 });
      request.onProgress?.({ progress: 3, total: 3 });
      return defaultResponder(request);
    });
  });

  const connect = async (mode: 'legacy' | 'auto') => {
    const transport = new StreamableHTTPClientTransport(new URL(`${h.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${reader}` } },
    });
    const client = new Client({ name: 'agent', version: '1' }, { versionNegotiation: { mode } });
    await client.connect(transport);
    clients.push(client);
    return client;
  };

  it.each(['auto', 'legacy'] as const)(
    'when an SDK client (%s) calls a tool with onprogress, then it receives each upstream step, increasing, before the result',
    async (mode) => {
      const client = await connect(mode);
      const seen: Reply[] = [];

      const result = await client.callTool(
        { name: 'docs__alpha', arguments: {} },
        { onprogress: (progress) => void seen.push(progress) },
      );

      expect(result.content).toEqual([{ type: 'text', text: 'called alpha' }]);
      expect(seen).toEqual([
        { progress: 1, total: 3 },
        { progress: 2, total: 3, message: 'halfway' },
        { progress: 3, total: 3 },
      ]);
      expect(h.forwarded.at(-1)?.onProgress).toBeTypeOf('function');
    },
  );

  it('when a 2026-07-28 request carries a progress token, then the notifications carry that token and precede the result on one SSE stream', async () => {
    const res = await modernCall(`${h.url}/mcp`, reader, 'crm__beta', {
      progressToken: 'agent-token-7',
    });

    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const messages = sseMessages(res.text);
    expect(messages.map((m) => m['method'] ?? 'result')).toEqual([
      'notifications/progress',
      'notifications/progress',
      'notifications/progress',
      'result',
    ]);
    for (const note of messages.slice(0, 3)) {
      expect(note['params'].progressToken).toBe('agent-token-7');
    }
    expect(messages[3]).toMatchObject({ id: 7, result: { content: [{ text: 'called beta' }] } });
  });

  it('when a legacy session reads a resource and gets a prompt with progress tokens, then both relay progress under the agent tokens', async () => {
    const session = await openLegacySession(`${h.url}/mcp`, reader);
    const post = (body: Reply) =>
      fetch(`${h.url}/mcp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          authorization: `Bearer ${reader}`,
          'mcp-session-id': session.id,
          'mcp-protocol-version': '2025-06-18',
        },
        body: JSON.stringify(body),
      }).then((r) => r.text());

    const read = sseMessages(
      await post({
        jsonrpc: '2.0',
        id: 21,
        method: 'resources/read',
        params: { uri: 'mcpgw://crm/crm://notes/1', _meta: { progressToken: 99 } },
      }),
    );
    const prompt = sseMessages(
      await post({
        jsonrpc: '2.0',
        id: 22,
        method: 'prompts/get',
        params: {
          name: 'docs__summarize',
          arguments: { topic: 'x' },
          _meta: { progressToken: 'p' },
        },
      }),
    );

    expect(
      read.filter((m) => m['method'] === 'notifications/progress').map((m) => m['params']),
    ).toEqual([
      { progressToken: 99, progress: 1, total: 3 },
      { progressToken: 99, progress: 2, total: 3, message: 'halfway' },
      { progressToken: 99, progress: 3, total: 3 },
    ]);
    expect(read.at(-1)).toMatchObject({
      id: 21,
      result: { contents: [{ uri: 'mcpgw://crm/crm://notes/1' }] },
    });
    expect(prompt.filter((m) => m['method'] === 'notifications/progress')).toHaveLength(3);
    expect(prompt.at(-1)).toMatchObject({ id: 22, result: { messages: [{ role: 'user' }] } });
  });

  it('when the agent asks for no progress, then nothing is relayed upstream-side and a legacy answer stays plain JSON', async () => {
    const session = await openLegacySession(`${h.url}/mcp`, reader);

    const reply = await session.request('tools/call', { name: 'docs__gamma', arguments: {} });

    expect(reply['result']).toMatchObject({ content: [{ text: 'called gamma' }] });
    expect(h.forwarded.at(-1)?.onProgress).toBeUndefined();
  });

  it('when the upstream reports garbage, or reports after the result, then the agent sees only well-formed updates', async () => {
    h.respond((request) => {
      late = request.onProgress;
      request.onProgress?.({ progress: Number.NaN });
      request.onProgress?.({
        progress: 5,
        total: Number.POSITIVE_INFINITY,
        message: 'm'.repeat(5_000),
      });
      request.onProgress?.({ progress: 4 });
      return defaultResponder(request);
    });

    const res = await modernCall(`${h.url}/mcp`, reader, 'crm__alpha', { progressToken: 1 });
    late?.({ progress: 10 });

    const notes = sseMessages(res.text).filter((m) => m['method'] === 'notifications/progress');
    expect(notes).toHaveLength(1);
    expect(notes[0]!['params']).toEqual({
      progressToken: 1,
      progress: 5,
      message: 'm'.repeat(1_000),
    });
  });
});

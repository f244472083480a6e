import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modernPost } from '../mcp/support.js';
import { openLegacySession } from '../protocol/legacy-session.js';
import { servedText, startTemplateGateway, type TemplateGateway } from './template-upstreams.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are arbitrary JSON
type Reply = Record<string, any>;
type Era = 'modern' | 'legacy';

const NOT_FOUND = { code: -32602, message: 'Resource not found' };
const INVALID = { code: -32602, message: 'Invalid resource URI' };

/** The agent-facing URI of a server's original URI on an endpoint. */
const exposed = (path: string, serverId: string, uri: string) =>
  path === '/mcp' ? `mcpgw://${serverId}/${uri}` : uri;

describe('resources/read of URIs expanded from resource templates', () => {
  let g: TemplateGateway;
  let reader: string;
  beforeAll(async () => {
    g = await startTemplateGateway();
    reader = await g.token('logs.read');
  }, 30_000);
  afterAll(async () => g?.close());

  /** One read as a 2026-07-28 agent (URI in `Mcp-Name` too) or a 2025-06-18 session agent. */
  const read = async (era: Era, path: string, uri: string): Promise<Reply> => {
    if (era === 'legacy') {
      const agent = await openLegacySession(`${g.url}${path}`, reader);
      return agent.request('resources/read', { uri });
    }
    const headers = { 'mcp-name': uri };
    return (await modernPost(`${g.url}${path}`, reader, 'resources/read', { uri }, headers))
      .json as Reply;
  };
  const upstreamUri = (request: { body: unknown } | undefined) =>
    (request?.body as { params?: { uri?: string } } | undefined)?.params?.uri;

  describe.each(['modern', 'legacy'] as const)('a %s agent', (era) => {
    it.each([
      ['/mcp', 'logs'],
      ['/mcp/logs', 'logs'],
      ['/mcp', 'files'],
      ['/mcp/files', 'files'],
    ])(
      'when it reads an expansion of a visible template on %s (upstream %s), then the upstream gets its own URI and the agent its contents',
      async (path, serverId) => {
        const original = 'file:///logs/2026-11-01.txt';
        const before = g.mark();

        const reply = await read(era, path, exposed(path, serverId, original));

        const sent = g.readsSince(before);
        expect(sent.map(upstreamUri)).toEqual([original]);
        expect(g.upstreams[serverId as 'logs' | 'files'].requests).toContain(sent[0]);
        expect(reply['error']).toBeUndefined();
        expect(reply['result'].contents).toEqual([
          { uri: exposed(path, serverId, original), text: servedText(serverId, original) },
        ]);
        expect(g.audit.at(-1)).toMatchObject({
          action: 'mcp.resources/read',
          target: { serverId, resource: original },
          decision: 'allow',
          outcome: 'success',
        });
        expect(g.audit.at(-1)?.['reasons']).toContain('resource template file:///logs/{date}.txt');
      },
    );

    it.each([
      ['/mcp', 'mcpgw://logs/file:///vault/k1'],
      ['/mcp/logs', 'file:///vault/k1'],
      ['/mcp/files', 'file:///etc/passwd'],
    ])(
      'when it reads an expansion of a hidden template on %s, then the answer is that of an unknown URI and nothing is forwarded',
      async (path, uri) => {
        const before = g.mark();

        const hidden = await read(era, path, uri);
        const hiddenAudit = g.audit.at(-1);
        const unknown = await read(era, path, exposed(path, 'logs', 'nope://nothing/here'));

        expect(hidden['error']).toEqual(NOT_FOUND);
        expect(hidden['error']).toEqual(unknown['error']);
        expect(g.readsSince(before)).toEqual([]);
        expect(hiddenAudit).toMatchObject({ decision: 'deny', outcome: 'denied' });
        expect(hiddenAudit?.['target']).not.toHaveProperty('resource');
      },
    );
  });

  it('when a hidden template comes first, then a broader visible template listed later does not reopen its URIs', async () => {
    const before = g.mark();

    const vault = await read('modern', '/mcp/logs', 'file:///vault/k1');
    const other = await read('modern', '/mcp/logs', 'file:///etc/hosts');

    expect(vault['error']).toEqual(NOT_FOUND);
    expect(other['result'].contents).toEqual([
      { uri: 'file:///etc/hosts', text: servedText('logs', 'file:///etc/hosts') },
    ]);
    expect(g.readsSince(before).map(upstreamUri)).toEqual(['file:///etc/hosts']);
  });

  it('when a listed resource is hidden, then a visible template that would match it does not reopen it', async () => {
    const before = g.mark();

    const reply = await read('modern', '/mcp', 'mcpgw://logs/file:///logs/latest.txt');

    expect(reply['error']).toEqual(NOT_FOUND);
    expect(g.readsSince(before)).toEqual([]);
  });

  it('when it reads with query variables, then the expansion matches and is forwarded as sent', async () => {
    const uri = 'logs://search?q=timeout&limit=5';
    const before = g.mark();

    const reply = await read('modern', '/mcp', `mcpgw://logs/${uri}`);

    expect(reply['result'].contents[0]).toMatchObject({ uri: `mcpgw://logs/${uri}` });
    expect(g.readsSince(before).map(upstreamUri)).toEqual([uri]);
  });

  it.each([
    ['a slash inside a simple variable', '/mcp/files', 'file:///logs/2026/11/01.txt'],
    ['query variables out of template order', '/mcp/logs', 'logs://search?limit=5&q=timeout'],
    ["another server's namespaced URI", '/mcp/logs', 'mcpgw://files/file:///logs/a.txt'],
    ['an un-namespaced URI on /mcp', '/mcp', 'file:///logs/2026-11-01.txt'],
    ['an unknown server', '/mcp', 'mcpgw://nope/file:///logs/2026-11-01.txt'],
    ['the template itself', '/mcp/files', 'file:///logs/{date}.txt'],
    ['a space in a value', '/mcp/files', 'file:///logs/my day.txt'],
  ])(
    'when the URI is not an expansion of a visible template (%s), then "Resource not found" and nothing is forwarded',
    async (_case, path, uri) => {
      const before = g.mark();

      const reply = await read('modern', path, uri);

      expect(reply['error']).toEqual(NOT_FOUND);
      expect(g.readsSince(before)).toEqual([]);
    },
  );

  it('when the template needs approval for reads, then the read is refused, audited as held with the template named, and not forwarded', async () => {
    const before = g.mark();

    const reply = await read('modern', '/mcp', 'mcpgw://logs/urn:audit:2026-11-01');

    expect(reply['error']).toMatchObject({ code: -32004, message: 'Approval required' });
    expect(g.readsSince(before)).toEqual([]);
    const event = g.audit.at(-1);
    expect(event).toMatchObject({
      target: { serverId: 'logs', resource: 'urn:audit:2026-11-01' },
      decision: 'require_approval',
      outcome: 'held',
    });
    expect(event?.['reasons']).toContain('resource template urn:audit:{day}');
  });

  it.each([
    ['modern', 'over 2,048 characters', `file:///logs/${'a'.repeat(2_100)}.txt`, 'longer than'],
    ['legacy', 'over 2,048 characters', `file:///logs/${'a'.repeat(2_100)}.txt`, 'longer than'],
    ['legacy', 'with a CR LF', 'file:///logs/a.txt\r\nx-evil: 1', 'control characters'],
    ['legacy', 'with a NUL', 'file:///logs/a\u0000.txt', 'control characters'],
    ['legacy', 'with an escape sequence', 'file:///logs/\u001b[31ma.txt', 'control characters'],
  ] as const)(
    'when a %s agent sends a URI %s, then "Invalid resource URI", nothing is forwarded and the audit names why',
    async (era, _case, uri, why) => {
      const before = g.mark();

      const reply = await read(era, '/mcp/files', uri);

      expect(reply['error']).toEqual(INVALID);
      expect(g.readsSince(before)).toEqual([]);
      const event = g.audit.at(-1);
      expect(event).toMatchObject({ action: 'mcp.resources/read', outcome: 'failure' });
      expect(String(event?.['reasons'])).toContain(why);
      expect(JSON.stringify(event)).not.toContain('aaaaaaaaaa');
    },
  );

  it('when a session agent sends non-ASCII a client would have percent-encoded, then "Resource not found", nothing is forwarded, and the encoded form is served', async () => {
    const before = g.mark();

    const raw = await read('legacy', '/mcp/logs', 'file:///logs/日本.txt');
    const encoded = await read('legacy', '/mcp/logs', 'file:///logs/%E6%97%A5%E6%9C%AC.txt');

    expect(raw['error']).toEqual(NOT_FOUND);
    expect(encoded['result'].contents[0].uri).toBe('file:///logs/%E6%97%A5%E6%9C%AC.txt');
    expect(g.readsSince(before).map(upstreamUri)).toEqual(['file:///logs/%E6%97%A5%E6%9C%AC.txt']);
  });

  it('when bad URIs were refused, then the gateway still serves reads', async () => {
    const reply = await read('modern', '/mcp/logs', 'file:///logs/after.txt');

    expect(reply['result'].contents[0].text).toBe(servedText('logs', 'file:///logs/after.txt'));
  });
});

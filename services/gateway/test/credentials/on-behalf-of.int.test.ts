import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '@mcpgw/identity';
import {
  connectAgent,
  SAMPLE_TOOLS,
  startFixtureServer,
  type AgentEra,
  type FixtureServer,
} from '@mcpgw/mcp';
import { createClientCredentialsTokenProvider } from '../../src/data-access/client-credentials-token-provider.js';
import { createHttpTokenExchange } from '../../src/data-access/secrets/http-token-exchange.js';
import {
  everythingReceived,
  rpcRequests,
  startGateway,
  type GatewayUnderTest,
  type ListedTool,
} from '../upstream/gateway-harness.js';
import { startAuthService, type AuthService } from './embedded-auth-service.js';
import { startRevokingFront } from './auth-checking-front.js';

const GATEWAY_RESOURCE = 'http://127.0.0.1:7003/mcp';
const TOOLS: ListedTool[] = SAMPLE_TOOLS.map(({ handler: _h, ...tool }) => tool);

/*
 * On-behalf-of end to end with real pieces: the auth service (embedded OpenID provider, its
 * token-exchange endpoint), the gateway exchanging with its own service account, and fixture
 * upstreams recording exactly what reached them. dev-identity.yaml lets `mcp-gateway` exchange
 * for the `crm-backend` audience only.
 */
describe('on-behalf-of upstreams (token exchange at the auth service)', () => {
  let auth: AuthService;
  let crm: FixtureServer;
  let crmSessions: FixtureServer;
  let payroll: FixtureServer;
  let revoking: FixtureServer;
  let front: Awaited<ReturnType<typeof startRevokingFront>>;
  let gateway: GatewayUnderTest;
  const backendVerifier = () =>
    createTokenVerifier({ issuers: [{ issuer: auth.issuer, audiences: ['crm-backend'] }] });
  const bearerOf = (request: { headers: Record<string, string> } | undefined) =>
    /^Bearer (.+)$/.exec(request?.headers['authorization'] ?? '')?.[1] ?? '';

  beforeAll(async () => {
    auth = await startAuthService(GATEWAY_RESOURCE);
    crm = await startFixtureServer({ era: 'stateless' });
    crmSessions = await startFixtureServer({ era: 'session' });
    payroll = await startFixtureServer({ era: 'stateless' });
    revoking = await startFixtureServer({ era: 'stateless' });
    front = await startRevokingFront(revoking.url);
    const tokenExchange = createHttpTokenExchange({
      url: `${auth.url}/auth/token-exchange`,
      serviceToken: createClientCredentialsTokenProvider({
        tokenUrl: `${auth.issuer}/token`,
        clientId: 'mcp-gateway',
        clientSecret: auth.clientSecret('mcp-gateway'),
        clock: { now: () => new Date() },
      }),
    });
    const obo = (id: string, url: string, audience: string) => ({
      id,
      url,
      tools: TOOLS,
      onBehalfOfAudience: audience,
      credentialRefs: [{ source: 'env:CRM_KEY', header: 'X-Api-Key', template: '{{secret}}' }],
    });
    gateway = await startGateway({
      servers: [
        obo('crm', crm.url, 'crm-backend'),
        obo('crm-sessions', crmSessions.url, 'crm-backend'),
        obo('payroll', payroll.url, 'payroll-backend'),
        obo('crm-revoking', front.url, 'crm-backend'),
      ],
      trust: { issuer: auth.issuer, audience: GATEWAY_RESOURCE },
      tokenExchange,
      secrets: {
        get: async () => 'static-crm-key',
        invalidate: () => undefined,
      },
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await Promise.all([crm?.close(), crmSessions?.close(), payroll?.close(), front?.close()]);
    await revoking?.close();
    await auth?.close();
  });

  it.each(['stateless', 'legacy'] as AgentEra[])(
    'when a %s agent calls an on-behalf-of server, then the upstream gets a token exchanged for its audience and never the agent token',
    async (era) => {
      const agentToken = await auth.clientToken('crm-agent');
      const agent = await connectAgent({ url: `${gateway.url}/mcp/crm`, token: agentToken, era });
      const before = crm.requests.length;
      try {
        const result = await agent.callTool('search_contacts', { query: 'ada' });

        const received = crm.requests.slice(before);
        const [call] = rpcRequests(received, 'tools/call');
        const exchanged = bearerOf(call);
        const backend = await backendVerifier().verify(exchanged);
        expect(result.structuredContent).toMatchObject({ contacts: [{ id: 'c-1' }] });
        expect(exchanged).not.toBe(agentToken);
        expect(backend.subject).toBe('crm-agent');
        expect(backend.claims).toMatchObject({ aud: 'crm-backend', azp: 'mcp-gateway' });
        expect(call?.headers['x-api-key']).toBe('static-crm-key');
        expect(everythingReceived(received)).not.toContain(agentToken);
      } finally {
        await agent.close();
      }
    },
  );

  it('when two agents call the same session upstream, then each gets a session bound to its own exchanged token', async () => {
    const tokens = {
      'crm-agent': await auth.clientToken('crm-agent'),
      'support-agent': await auth.clientToken('support-agent', 'crm.read'),
    };
    for (const [client, token] of Object.entries(tokens)) {
      const agent = await connectAgent({
        url: `${gateway.url}/mcp/crm-sessions`,
        token,
        era: 'stateless',
      });
      try {
        await agent.callTool('get_contact', { id: `for-${client}` });
        await agent.callTool('get_contact', { id: `again-${client}` });
      } finally {
        await agent.close();
      }
    }

    const verifier = backendVerifier();
    const initializes = rpcRequests(crmSessions.requests, 'initialize');
    const calls = rpcRequests(crmSessions.requests, 'tools/call');
    const subjectsBySession = new Map<string, Set<string>>();
    for (const call of calls) {
      const subject = (await verifier.verify(bearerOf(call))).subject;
      const session = call.headers['mcp-session-id'] ?? '';
      subjectsBySession.set(session, (subjectsBySession.get(session) ?? new Set()).add(subject));
    }
    // Era detection opens (and ends) one more handshake with the first caller's token.
    expect(new Set(initializes.map(bearerOf)).size).toBe(2);
    expect(calls).toHaveLength(4);
    expect([...subjectsBySession.values()].map((s) => [...s].sort())).toEqual(
      expect.arrayContaining([['crm-agent'], ['support-agent']]),
    );
    expect(subjectsBySession.size).toBe(2);
    const everything = everythingReceived(crmSessions.requests);
    for (const token of Object.values(tokens)) expect(everything).not.toContain(token);
  });

  it('when the backend revokes the exchanged token it accepted before, then the gateway drops it, exchanges a fresh one and the call succeeds', async () => {
    const agentToken = await auth.clientToken('crm-agent');
    const agent = await connectAgent({
      url: `${gateway.url}/mcp/crm-revoking`,
      token: agentToken,
      era: 'stateless',
    });
    try {
      await agent.callTool('search_contacts', { query: 'ada' });
      front.revokeSeen();
      const before = front.seen.length;

      const result = await agent.callTool('search_contacts', { query: 'ada' });

      const after = front.seen.slice(before);
      expect(result.structuredContent).toMatchObject({ contacts: [{ id: 'c-1' }] });
      expect(after.map((r) => r.answered)).toEqual([401, 200]);
      const [refused, fresh] = after.map((r) => r.bearer);
      expect(fresh).not.toBe(refused);
      const backend = await backendVerifier().verify(fresh ?? '');
      expect(backend.subject).toBe('crm-agent');
      expect(backend.claims).toMatchObject({ aud: 'crm-backend' });
      expect(after.map((r) => r.bearer)).not.toContain(agentToken);
    } finally {
      await agent.close();
    }
  });

  it('when the auth service refuses the audience, then the call fails closed with -32013, nothing reaches the upstream and the audit says failure', async () => {
    const agentToken = await auth.clientToken('crm-agent');
    const agent = await connectAgent({
      url: `${gateway.url}/mcp/payroll`,
      token: agentToken,
      era: 'stateless',
    });
    try {
      const failed = await agent
        .callTool('search_contacts', { query: 'ada' })
        .catch((error: unknown) => error);

      expect(failed).toMatchObject({ code: -32013, message: 'Upstream credentials unavailable' });
      expect(payroll.requests).toHaveLength(0);
      const event = gateway.audit.at(-1);
      expect(event).toMatchObject({
        action: 'mcp.tools/call',
        outcome: 'failure',
        target: { serverId: 'payroll', tool: 'search_contacts' },
      });
      expect(event?.['reasons']).toContain('on-behalf-of token: exchange rejected');
      expect(JSON.stringify(gateway.audit)).not.toContain(agentToken);
    } finally {
      await agent.close();
    }
  });
});

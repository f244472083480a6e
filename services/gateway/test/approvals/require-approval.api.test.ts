import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '@mcpgw/mcp';
import type { ApprovalStatus } from '../../src/domain/approvals/approval-port.js';
import { createApprovalGate } from '../../src/domain/approvals/approval-gate.js';
import {
  callTool,
  fixtureTools,
  healthz,
  startGateway,
  toolCalls,
  type GatewayUnderTest,
} from '../upstream-failures/harness.js';
import { fakeApprovals, fakeTime } from './approval-fakes.js';

const policies = [
  {
    id: 'approve-erase',
    effect: 'require_approval',
    subjects: { clients: ['agent-a'] },
    actions: ['tools/call'],
    targets: ['crm/erase'],
  },
];

describe('require_approval on tools/call', () => {
  let upstream: FixtureServer;
  const open: GatewayUnderTest[] = [];
  beforeAll(async () => {
    upstream = await startFixtureServer({ era: 'stateless', tools: fixtureTools() });
  });
  afterEach(async () => {
    for (const gateway of open.splice(0)) await gateway.close();
  });
  afterAll(async () => upstream?.close());

  async function gatewayWith(decide: (polls: number) => ApprovalStatus, classification?: string) {
    const approvals = fakeApprovals(decide);
    const gateway = await startGateway({
      upstreams: { crm: upstream.url },
      policies,
      ...(classification === undefined ? {} : { classification }),
      approvals: createApprovalGate({
        port: approvals.port,
        ...fakeTime(),
        waitMs: 120_000,
        maxHeldPerAgent: 2,
      }),
    });
    open.push(gateway);
    return { gateway, approvals };
  }

  it('when the approver approves, then the call is forwarded and audited as held, then success', async () => {
    const { gateway, approvals } = await gatewayWith((polls) =>
      polls >= 2 ? 'approved' : 'pending',
    );
    const before = toolCalls(upstream.requests, 'erase').length;
    const res = await callTool(gateway, 'crm__erase', { q: 'c-1' });
    expect(res.json.result.structuredContent).toEqual({ items: ['erased'] });
    expect(toolCalls(upstream.requests, 'erase')).toHaveLength(before + 1);
    expect(approvals.created).toEqual([
      expect.objectContaining({
        agentId: 'agent-a',
        serverId: 'crm',
        tool: 'erase',
        environment: 'dev',
        argumentsDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        arguments: { q: 'c-1' },
        ttlSeconds: 120,
      }),
    ]);
    const events = gateway.audit.filter((e) => e['action'] === 'mcp.tools/call');
    expect(events.map((e) => e['outcome'])).toEqual(['held', 'success']);
    expect(events[0]).toMatchObject({
      decision: 'require_approval',
      details: { approvalId: 'apr-1' },
    });
    expect(events[1]!['reasons']).toContain('approval apr-1 approved');
  });

  it('when the approver denies, then the agent gets an error naming the approval and outcome and the upstream is not called', async () => {
    const { gateway } = await gatewayWith(() => 'denied');
    const before = toolCalls(upstream.requests, 'erase').length;
    const res = await callTool(gateway, 'crm__erase', { q: 'c-1' });
    expect(res.json.error).toMatchObject({
      code: -32005,
      message: 'Approval apr-1 was denied',
      data: { approvalId: 'apr-1', outcome: 'denied' },
    });
    expect(toolCalls(upstream.requests, 'erase')).toHaveLength(before);
    const events = gateway.audit.filter((e) => e['action'] === 'mcp.tools/call');
    expect(events.map((e) => e['outcome'])).toEqual(['held', 'denied']);
    expect(await healthz(gateway)).toBe(200);
  });

  it('when nobody decides in time, then the agent gets the approval timeout error', async () => {
    const { gateway } = await gatewayWith(() => 'pending');
    const res = await callTool(gateway, 'crm__erase', {});
    expect(res.json.error).toMatchObject({
      code: -32007,
      message: 'Approval apr-1 was not decided in time',
    });
    expect(gateway.audit.at(-1)).toMatchObject({ outcome: 'failure' });
  });

  it('when the approval expires in the registry, then the agent gets the expired error', async () => {
    const { gateway } = await gatewayWith(() => 'expired');
    const res = await callTool(gateway, 'crm__erase', {});
    expect(res.json.error).toMatchObject({ code: -32006, message: 'Approval apr-1 expired' });
  });

  it('when the server data is restricted, then the approval carries the digest but not the arguments', async () => {
    const { gateway, approvals } = await gatewayWith(() => 'denied', 'restricted');
    await callTool(gateway, 'crm__erase', { q: 'secret-customer' });
    expect(approvals.created[0]!.argumentsDigest).toMatch(/^sha256:/);
    expect(approvals.created[0]).not.toHaveProperty('arguments');
  });

  it('when the arguments are invalid, then no approval is created', async () => {
    const { gateway, approvals } = await gatewayWith(() => 'approved');
    const res = await callTool(gateway, 'crm__erase', { q: 42 });
    expect(res.json.error.code).toBe(-32602);
    expect(approvals.created).toHaveLength(0);
  });
});

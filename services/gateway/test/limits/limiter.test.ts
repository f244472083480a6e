import { describe, expect, it } from 'vitest';
import { createLimiter, type LimiterOptions } from '../../src/domain/limits/limiter.js';

function fakeClock(iso = '2026-03-01T10:00:00.000Z') {
  let ms = Date.parse(iso);
  return { now: () => new Date(ms), advance: (by: number) => (ms += by) };
}

const call = { agentId: 'agent-a', team: 'team-x', serverId: 'srv-1', tool: 'search' };

function calls(limiter: ReturnType<typeof createLimiter>, n: number, request = call) {
  return Array.from({ length: n }, () => limiter.check(request));
}

function setup(overrides: Partial<LimiterOptions> = {}) {
  const clock = fakeClock();
  return { clock, limiter: createLimiter({ clock, ...overrides }) };
}

describe('createLimiter', () => {
  it('when an agent bursts past its bucket, then the extra call is refused with scope agent', () => {
    const { limiter } = setup({ perAgent: { ratePerSec: 0.5, burst: 3 } });

    const results = calls(limiter, 4);

    expect(results.slice(0, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    expect(results[3]).toEqual({ allowed: false, scope: 'agent', retryAfterSeconds: 2 });
  });

  it('when one tool is hammered, then it is refused with scope agent_tool and other tools still work', () => {
    const { limiter } = setup({
      perAgent: { ratePerSec: 100, burst: 100 },
      perAgentTool: { ratePerSec: 1, burst: 2 },
    });

    const results = calls(limiter, 3);
    const otherTool = limiter.check({ ...call, tool: 'fetch' });

    expect(results[2]).toEqual({ allowed: false, scope: 'agent_tool', retryAfterSeconds: 1 });
    expect(otherTool).toEqual({ allowed: true });
  });

  it('when many agents hit one server, then the server bucket refuses with scope server', () => {
    const { limiter } = setup({ perServer: { ratePerSec: 0.1, burst: 2 } });

    limiter.check({ ...call, agentId: 'a1' });
    limiter.check({ ...call, agentId: 'a2' });
    const third = limiter.check({ ...call, agentId: 'a3' });

    expect(third).toEqual({ allowed: false, scope: 'server', retryAfterSeconds: 10 });
  });

  it('when time passes, then tokens refill at the configured rate up to the burst', () => {
    const { limiter, clock } = setup({ perAgent: { ratePerSec: 2, burst: 4 } });
    calls(limiter, 4);

    clock.advance(1000);
    const afterOneSecond = calls(limiter, 3).map((r) => r.allowed);
    clock.advance(60_000);
    const afterIdle = calls(limiter, 5).map((r) => r.allowed);

    expect(afterOneSecond).toEqual([true, true, false]);
    expect(afterIdle).toEqual([true, true, true, true, false]);
  });

  it('when one agent floods, then another agent is unaffected', () => {
    const { limiter } = setup({
      perAgent: { ratePerSec: 1, burst: 5 },
      perAgentTool: { ratePerSec: 1, burst: 5 },
      dailyQuotaPerAgent: 10,
    });

    const flood = calls(limiter, 50).filter((r) => !r.allowed).length;
    const other = calls(limiter, 5, { ...call, agentId: 'agent-b' });

    expect(flood).toBe(45);
    expect(other.every((r) => r.allowed)).toBe(true);
  });

  it('when a refusal comes from one scope, then no tokens are taken from the others', () => {
    const { limiter } = setup({
      perAgent: { ratePerSec: 0.001, burst: 3 },
      perServer: { ratePerSec: 0.001, burst: 1 },
    });
    limiter.check(call);
    calls(limiter, 5);

    const elsewhere = ['srv-2', 'srv-3', 'srv-4'].map((serverId) =>
      limiter.check({ ...call, serverId }),
    );

    expect(elsewhere.map((r) => (r.allowed ? 'allowed' : r.scope))).toEqual([
      'allowed',
      'allowed',
      'agent',
    ]);
  });

  it('when the daily quota is used up, then calls are refused until UTC midnight and then allowed', () => {
    const clock = fakeClock('2026-03-01T23:59:00.000Z');
    const limiter = createLimiter({ clock, dailyQuotaPerAgent: 3 });
    calls(limiter, 3);

    const refused = limiter.check(call);
    clock.advance(59_000);
    const lastSecond = limiter.check(call);
    clock.advance(1_000);
    const nextDay = limiter.check(call);

    expect(refused).toEqual({ allowed: false, scope: 'daily_quota', retryAfterSeconds: 60 });
    expect(lastSecond).toEqual({ allowed: false, scope: 'daily_quota', retryAfterSeconds: 1 });
    expect(nextDay).toEqual({ allowed: true });
    expect(limiter.usage()).toEqual({
      day: '2026-03-02',
      agents: { 'agent-a': { calls: 1, cost: 1 } },
      teams: { 'team-x': { calls: 1, cost: 1 } },
    });
  });

  it('when tools have cost weights, then usage totals them per agent and team', () => {
    const { limiter } = setup({
      costWeights: (serverId, tool) => (serverId === 'srv-1' && tool === 'search' ? 5 : 1),
    });

    calls(limiter, 2);
    limiter.check({ ...call, tool: 'fetch' });
    limiter.check({ ...call, agentId: 'agent-b', team: 'team-x' });
    limiter.check({ ...call, agentId: 'agent-c', team: undefined });

    expect(limiter.usage()).toMatchObject({
      agents: {
        'agent-a': { calls: 3, cost: 11 },
        'agent-b': { calls: 1, cost: 5 },
        'agent-c': { calls: 1, cost: 5 },
      },
      teams: { 'team-x': { calls: 4, cost: 16 } },
    });
  });

  it('when more keys arrive than the cap, then tracked keys stay bounded and old ones are evicted', () => {
    const { limiter } = setup({
      perAgent: { ratePerSec: 1, burst: 1 },
      perAgentTool: { ratePerSec: 1, burst: 1 },
      maxKeys: 100,
    });

    for (let i = 0; i < 1000; i += 1) limiter.check({ ...call, agentId: `agent-${i}` });

    expect(limiter.stats()).toEqual({ trackedKeys: 200, evictions: 1800 });
  });

  it('when a recently used key would be evicted, then the least recently used goes instead', () => {
    const { limiter } = setup({ perAgent: { ratePerSec: 0.001, burst: 1 }, maxKeys: 2 });
    limiter.check({ ...call, agentId: 'busy' });
    limiter.check({ ...call, agentId: 'idle' });
    limiter.check({ ...call, agentId: 'busy' });

    limiter.check({ ...call, agentId: 'new' });

    expect(limiter.check({ ...call, agentId: 'busy' })).toMatchObject({ allowed: false });
    expect(limiter.check({ ...call, agentId: 'idle' })).toEqual({ allowed: true });
  });
});

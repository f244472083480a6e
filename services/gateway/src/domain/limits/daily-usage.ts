import { createBoundedMap } from './bounded-map.js';

export interface UsageTotals {
  readonly calls: number;
  readonly cost: number;
}

export interface UsageReport {
  /** UTC day the totals belong to, `YYYY-MM-DD`. */
  readonly day: string;
  readonly agents: Readonly<Record<string, UsageTotals>>;
  readonly teams: Readonly<Record<string, UsageTotals>>;
}

/** Calls and cost per agent and team for the current UTC day; everything resets at midnight. */
export function createDailyUsage(maxKeys: number): {
  calls(agentId: string, nowMs: number): number;
  add(agentId: string, team: string | undefined, cost: number, nowMs: number): void;
  report(nowMs: number): UsageReport;
} {
  let day = '';
  // The current day's bounds, so the hot path compares numbers instead of formatting dates.
  let dayStartMs = Number.POSITIVE_INFINITY;
  let dayEndMs = Number.NEGATIVE_INFINITY;
  let agents = createBoundedMap<{ calls: number; cost: number }>(maxKeys);
  let teams = createBoundedMap<{ calls: number; cost: number }>(maxKeys);

  function roll(nowMs: number): void {
    if (nowMs >= dayStartMs && nowMs < dayEndMs) return;
    const today = utcDay(nowMs);
    dayStartMs = Date.parse(`${today}T00:00:00.000Z`);
    dayEndMs = dayStartMs + 86_400_000;
    if (today === day) return;
    day = today;
    agents = createBoundedMap(maxKeys);
    teams = createBoundedMap(maxKeys);
  }

  function bump(map: typeof agents, key: string, cost: number): void {
    const totals = map.get(key) ?? { calls: 0, cost: 0 };
    totals.calls += 1;
    totals.cost += cost;
    map.set(key, totals);
  }

  return {
    calls(agentId, nowMs) {
      roll(nowMs);
      return agents.get(agentId)?.calls ?? 0;
    },
    add(agentId, team, cost, nowMs) {
      roll(nowMs);
      bump(agents, agentId, cost);
      if (team !== undefined) bump(teams, team, cost);
    },
    report(nowMs) {
      roll(nowMs);
      return {
        day,
        agents: Object.fromEntries([...agents.entries()].map(([k, v]) => [k, { ...v }])),
        teams: Object.fromEntries([...teams.entries()].map(([k, v]) => [k, { ...v }])),
      };
    },
  };
}

export function utcDay(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 10);
}

/** Whole seconds until the next UTC midnight (at least 1). */
export function secondsUntilUtcMidnight(nowMs: number): number {
  const next = new Date(nowMs);
  next.setUTCHours(24, 0, 0, 0);
  return Math.max(1, Math.ceil((next.getTime() - nowMs) / 1000));
}

import { describe, expect, it } from 'vitest';
import type {
  PolicyConditions,
  PolicyContext,
  PolicyTarget,
  TimeWindow,
  Action,
} from '@mcpgw/policy';
import { aContext, aPolicy, aTarget, decideWith } from './fixtures.js';

interface Case {
  target?: PolicyTarget;
  context?: PolicyContext;
  action?: Action;
}

function denyApplies(conditions: PolicyConditions, request: Case = {}): boolean {
  return (
    decideWith([aPolicy({ effect: 'deny', actions: ['*'], conditions })], request).effect === 'deny'
  );
}

// Under default deny, an allow with the conditions is the only way to be allowed.
function allowApplies(conditions: PolicyConditions, request: Case = {}): boolean {
  const policies = [aPolicy({ effect: 'allow', actions: ['*'], conditions })];
  return decideWith(policies, request, { defaultWhenScopesHeld: 'deny' }).effect === 'allow';
}

function at(iso: string): Case {
  return { context: aContext({ now: new Date(iso) }) };
}

describe('decide environment condition', () => {
  it('when the gateway environment is listed, then the policy applies; otherwise not', () => {
    expect(denyApplies({ environments: ['prod'] })).toBe(true);
    expect(denyApplies({ environments: ['dev', 'prod'] })).toBe(true);
    expect(denyApplies({ environments: ['dev'] })).toBe(false);
    expect(denyApplies({ environments: ['Prod'] })).toBe(false);
  });
});

describe('decide time window condition', () => {
  const businessHours: TimeWindow = {
    days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    start: '09:00',
    end: '17:00',
  };

  it('when now is inside the window, then applies; start is inclusive and end exclusive', () => {
    expect(allowApplies({ timeWindow: businessHours }, at('2026-03-04T10:00:00Z'))).toBe(true);
    expect(allowApplies({ timeWindow: businessHours }, at('2026-03-04T09:00:00Z'))).toBe(true);
    expect(allowApplies({ timeWindow: businessHours }, at('2026-03-04T16:59:59Z'))).toBe(true);
    expect(allowApplies({ timeWindow: businessHours }, at('2026-03-04T17:00:00Z'))).toBe(false);
    expect(allowApplies({ timeWindow: businessHours }, at('2026-03-04T08:59:00Z'))).toBe(false);
  });

  it('when the day is not listed, then does not apply', () => {
    expect(allowApplies({ timeWindow: businessHours }, at('2026-03-07T10:00:00Z'))).toBe(false); // Saturday
    expect(allowApplies({ timeWindow: { days: ['sat', 'sun'] } }, at('2026-03-08T23:59:00Z'))).toBe(
      true,
    );
  });

  it('when only start or only end is given, then the other bound is the day boundary', () => {
    expect(denyApplies({ timeWindow: { start: '18:00' } }, at('2026-03-04T23:59:00Z'))).toBe(true);
    expect(denyApplies({ timeWindow: { start: '18:00' } }, at('2026-03-04T17:59:00Z'))).toBe(false);
    expect(denyApplies({ timeWindow: { end: '06:00' } }, at('2026-03-04T00:00:00Z'))).toBe(true);
    expect(denyApplies({ timeWindow: { end: '06:00' } }, at('2026-03-04T06:00:00Z'))).toBe(false);
  });

  it('when start is after end, then the window wraps midnight', () => {
    const night: TimeWindow = { start: '22:00', end: '06:00' };
    expect(denyApplies({ timeWindow: night }, at('2026-03-04T23:30:00Z'))).toBe(true);
    expect(denyApplies({ timeWindow: night }, at('2026-03-04T02:00:00Z'))).toBe(true);
    expect(denyApplies({ timeWindow: night }, at('2026-03-04T22:00:00Z'))).toBe(true);
    expect(denyApplies({ timeWindow: night }, at('2026-03-04T06:00:00Z'))).toBe(false);
    expect(denyApplies({ timeWindow: night }, at('2026-03-04T12:00:00Z'))).toBe(false);
  });

  it('when a wrapping window names days, then the hours after midnight belong to the day it began', () => {
    const fridayNight: TimeWindow = { days: ['fri'], start: '22:00', end: '06:00' };
    expect(denyApplies({ timeWindow: fridayNight }, at('2026-03-06T23:00:00Z'))).toBe(true); // Fri 23:00
    expect(denyApplies({ timeWindow: fridayNight }, at('2026-03-07T03:00:00Z'))).toBe(true); // Sat 03:00
    expect(denyApplies({ timeWindow: fridayNight }, at('2026-03-06T03:00:00Z'))).toBe(false); // Fri 03:00
    expect(denyApplies({ timeWindow: fridayNight }, at('2026-03-07T23:00:00Z'))).toBe(false); // Sat 23:00
  });

  it('when a time zone is given, then hours and days are read in that zone', () => {
    const tokyo: TimeWindow = {
      days: ['thu'],
      start: '09:00',
      end: '10:00',
      timezone: 'Asia/Tokyo',
    };
    // 2026-03-05T00:30Z is Thursday 09:30 in Tokyo but Thursday 00:30 in UTC.
    expect(denyApplies({ timeWindow: tokyo }, at('2026-03-05T00:30:00Z'))).toBe(true);
    // 2026-03-04T00:30Z is Wednesday 09:30 in Tokyo: right hour, wrong day.
    expect(denyApplies({ timeWindow: tokyo }, at('2026-03-04T00:30:00Z'))).toBe(false);
    const utc: TimeWindow = { start: '09:00', end: '10:00' };
    expect(denyApplies({ timeWindow: utc }, at('2026-03-05T00:30:00Z'))).toBe(false);
  });

  it('when the zone observes daylight saving, then the local hour follows it', () => {
    const nine: TimeWindow = { start: '09:00', end: '10:00', timezone: 'America/New_York' };
    expect(denyApplies({ timeWindow: nine }, at('2026-01-15T14:30:00Z'))).toBe(true); // EST, UTC-5
    expect(denyApplies({ timeWindow: nine }, at('2026-07-15T13:30:00Z'))).toBe(true); // EDT, UTC-4
    expect(denyApplies({ timeWindow: nine }, at('2026-07-15T14:30:00Z'))).toBe(false);
  });
});

describe('decide annotation conditions', () => {
  const tool = (annotations: PolicyTarget['annotations']): Case => ({
    target: aTarget({ annotations }),
  });

  it('when each hint is required true, then it applies only to tools declaring it', () => {
    expect(denyApplies({ annotations: { readOnlyHint: true } }, tool({ readOnlyHint: true }))).toBe(
      true,
    );
    expect(
      denyApplies({ annotations: { readOnlyHint: true } }, tool({ readOnlyHint: false })),
    ).toBe(false);
    expect(
      denyApplies({ annotations: { destructiveHint: true } }, tool({ destructiveHint: true })),
    ).toBe(true);
    expect(
      denyApplies({ annotations: { destructiveHint: true } }, tool({ destructiveHint: false })),
    ).toBe(false);
    expect(
      denyApplies({ annotations: { idempotentHint: true } }, tool({ idempotentHint: true })),
    ).toBe(true);
    expect(
      denyApplies({ annotations: { idempotentHint: true } }, tool({ idempotentHint: false })),
    ).toBe(false);
    expect(
      denyApplies({ annotations: { openWorldHint: false } }, tool({ openWorldHint: false })),
    ).toBe(true);
    expect(
      denyApplies({ annotations: { openWorldHint: false } }, tool({ openWorldHint: true })),
    ).toBe(false);
  });

  it('when a tool has no annotations, then the MCP defaults apply (destructive, open world)', () => {
    expect(denyApplies({ annotations: { destructiveHint: true } }, tool(undefined))).toBe(true);
    expect(denyApplies({ annotations: { openWorldHint: true } }, tool({}))).toBe(true);
    expect(denyApplies({ annotations: { readOnlyHint: false } }, tool(undefined))).toBe(true);
    expect(denyApplies({ annotations: { idempotentHint: false } }, tool(undefined))).toBe(true);
  });

  it('when a tool is read-only, then it is never treated as destructive', () => {
    const readOnly = tool({ readOnlyHint: true, destructiveHint: true });
    expect(denyApplies({ annotations: { destructiveHint: true } }, readOnly)).toBe(false);
    expect(
      denyApplies({ annotations: { destructiveHint: true } }, tool({ readOnlyHint: true })),
    ).toBe(false);
  });

  it('when several hints are required, then all must hold', () => {
    const wanted = { readOnlyHint: false, destructiveHint: true };
    expect(denyApplies({ annotations: wanted }, tool({ destructiveHint: true }))).toBe(true);
    expect(denyApplies({ annotations: wanted }, tool({ readOnlyHint: true }))).toBe(false);
  });

  it('when the action is not about tools, then annotation conditions never match', () => {
    const request = { ...tool({ destructiveHint: true }), action: 'resources/read' as const };
    expect(denyApplies({ annotations: { destructiveHint: true } }, request)).toBe(false);
  });
});

describe('decide risk level and data classification conditions', () => {
  it('when the target risk level is listed, then applies; another level does not', () => {
    expect(
      denyApplies(
        { riskLevels: ['high', 'critical'] },
        { target: aTarget({ riskLevel: 'critical' }) },
      ),
    ).toBe(true);
    expect(
      denyApplies(
        { riskLevels: ['high', 'critical'] },
        { target: aTarget({ riskLevel: 'medium' }) },
      ),
    ).toBe(false);
  });

  it('when the target classification is listed, then applies; another does not', () => {
    const restricted = { target: aTarget({ dataClassification: 'restricted' as const }) };
    expect(denyApplies({ dataClassifications: ['restricted'] }, restricted)).toBe(true);
    expect(allowApplies({ dataClassifications: ['public', 'internal'] }, restricted)).toBe(false);
  });

  it('when the target has no risk level, then a deny on risk applies and an allow does not (fail closed)', () => {
    expect(denyApplies({ riskLevels: ['critical'] })).toBe(true);
    expect(allowApplies({ riskLevels: ['low'] })).toBe(false);
  });

  it('when the target has no classification, then a deny applies and an allow does not', () => {
    expect(denyApplies({ dataClassifications: ['restricted'] })).toBe(true);
    expect(allowApplies({ dataClassifications: ['public'] })).toBe(false);
  });

  it('when an unknown risk meets a condition that does not match, then the deny does not apply', () => {
    expect(denyApplies({ riskLevels: ['critical'], environments: ['dev'] })).toBe(false);
  });

  it('when all condition kinds hold together, then the policy applies; any one failing stops it', () => {
    const conditions: PolicyConditions = {
      environments: ['prod'],
      timeWindow: { days: ['wed'] },
      annotations: { readOnlyHint: true },
      riskLevels: ['low'],
      dataClassifications: ['internal'],
    };
    const target = aTarget({
      annotations: { readOnlyHint: true },
      riskLevel: 'low',
      dataClassification: 'internal',
    });
    expect(allowApplies(conditions, { target })).toBe(true);
    expect(allowApplies(conditions, { target, context: aContext({ environment: 'dev' }) })).toBe(
      false,
    );
    expect(allowApplies(conditions, { target: { ...target, riskLevel: 'high' } })).toBe(false);
  });
});

import type { AuditEvent, AuditInput } from '../../src/domain/audit/audit-event.js';
import type { AuditSink } from '../../src/domain/audit/audit-sink.js';

export function fakeClock(start = Date.parse('2026-03-01T10:00:00.000Z')): {
  now(): Date;
  advance(ms: number): void;
} {
  let ms = start;
  return { now: () => new Date(ms), advance: (by) => (ms += by) };
}

/** A sink whose availability the test switches; remembers every stored event in order. */
export function switchableSink(): AuditSink & {
  stored: AuditEvent[];
  down: boolean;
  attempts: number;
} {
  const sink = {
    stored: [] as AuditEvent[],
    down: false,
    attempts: 0,
    write(events: readonly AuditEvent[]): Promise<void> {
      sink.attempts += 1;
      if (sink.down) return Promise.reject(new Error('connection refused'));
      sink.stored.push(...events);
      return Promise.resolve();
    },
    ping: () => (sink.down ? Promise.reject(new Error('down')) : Promise.resolve()),
  };
  return sink;
}

export function recordingLogger(): {
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
  lines: { level: string; message: string; meta?: Record<string, unknown> }[];
} {
  const lines: { level: string; message: string; meta?: Record<string, unknown> }[] = [];
  return {
    lines,
    warn: (message, meta) => lines.push({ level: 'warn', message, ...(meta ? { meta } : {}) }),
    error: (message, meta) => lines.push({ level: 'error', message, ...(meta ? { meta } : {}) }),
  };
}

export function callInput(n: number, overrides: Partial<AuditInput> = {}): AuditInput {
  return {
    action: 'mcp.tools/call',
    actor: { subject: `agent-${n % 3}`, clientId: 'client-a' },
    target: { serverId: 'srv-weather', tool: 'get_forecast' },
    decision: 'allow',
    outcome: 'success',
    requestId: `req-${n}`,
    details: { argumentDigest: `sha256:${n}`, latencyMs: n % 50, upstreamStatus: 200 },
    ...overrides,
  };
}

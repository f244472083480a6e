import { definitionHash } from '@mcpgw/definitions';
import { resolveCredentialHeaders } from '../credentials/resolve-credential-headers.js';
import type { SecretSource } from '../credentials/secret-source.js';
import type { ServingState, ServingVersion } from '../serving/serving-types.js';
import type { DriftAuditSink, DriftLogger, ListLiveTools, ReportDrift } from './drift-ports.js';
import { reportWithRetry } from './report-with-retry.js';
import { createWithheldTools, type WithheldTool } from './withheld-tools.js';
import { toolFingerprint, withholdTools } from './withhold-tools.js';

export interface DriftMonitorDeps {
  /** The compiled snapshot as served, before withholding. */
  getState(): ServingState | undefined;
  listTools: ListLiveTools;
  secrets: SecretSource;
  report: ReportDrift;
  audit: DriftAuditSink;
  logger: DriftLogger;
  /** Told when the tools agents may see changed (open sessions get `list_changed`). */
  notifyToolsListChanged(): void;
  /** Gateway instance id, sent as `reporter` and used as the audit actor. */
  reporter: string;
  intervalMs: number;
  /** Budget for listing one upstream version. */
  listTimeoutMs: number;
  reportAttempts: number;
  reportBaseDelayMs: number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface DriftCheckSummary {
  versionsChecked: number;
  versionsFailed: number;
  /** Tools withheld after this check. */
  withheld: number;
}

/**
 * Compares each served version's live tools with their pins. A changed tool is withheld at once
 * (see `withholding`), reported to the registry once, audited, and announced to open sessions.
 * A tool the upstream stopped listing is left alone: calls to it fail upstream, and there is no
 * live hash to report. An unreachable upstream withholds nothing (that is the breaker's job).
 */
export function createDriftMonitor(deps: DriftMonitorDeps) {
  const withheld = createWithheldTools();
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<DriftCheckSummary> | undefined;
  let base: ServingState | undefined;
  let view: { base: ServingState; generation: number; state: ServingState } | undefined;
  let fingerprint: string | undefined;

  const visible = (state: ServingState | undefined) =>
    state === undefined ? undefined : viewOf(state);
  const viewOf = (state: ServingState): ServingState => {
    if (state !== base) {
      base = state;
      withheld.reconcile(state);
    }
    if (withheld.size === 0) return state;
    if (view?.base !== state || view.generation !== withheld.generation) {
      view = {
        base: state,
        generation: withheld.generation,
        state: withholdTools(state, withheld),
      };
    }
    return view.state;
  };
  /** Notifies when what agents could list changed since the last notification. */
  const announceIfChanged = (): void => {
    const next = toolFingerprint(visible(deps.getState()));
    if (fingerprint !== undefined && next !== fingerprint) deps.notifyToolsListChanged();
    fingerprint = next;
  };

  const checkVersion = async (
    serverId: string,
    version: ServingVersion,
    signal: AbortSignal,
  ): Promise<boolean> => {
    let live: readonly Record<string, unknown>[];
    try {
      const headers = await resolveCredentialHeaders(version.route.credentialRefs, deps.secrets);
      live = await deps.listTools(version.route, headers, signal);
    } catch (error) {
      deps.logger.warn('drift check could not list tools', {
        serverId,
        version: version.version,
        error: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
    const byName = new Map(live.map((tool) => [tool['name'], tool]));
    for (const tool of version.tools.values()) {
      const body = byName.get(tool.name);
      if (body === undefined) continue;
      const key = { serverId, version: version.version, name: tool.name };
      const liveHash = definitionHash(body);
      if (liveHash === tool.pinnedHash) {
        withheld.release(key);
        continue;
      }
      if (withheld.withhold({ ...key, pinnedHash: tool.pinnedHash, liveHash })) {
        audited(withheld.get(key)!);
      }
    }
    return true;
  };
  const audited = (entry: WithheldTool): void => {
    deps.audit.emit({
      action: 'mcp.drift_detected',
      actor: { subject: deps.reporter },
      target: { serverId: entry.serverId, tool: entry.name },
      decision: 'deny',
      reasons: ['live definition differs from the pinned definition: tool withheld'],
      outcome: 'denied',
      details: { version: entry.version, pinnedHash: entry.pinnedHash, liveHash: entry.liveHash },
    });
  };
  const reportPending = async (signal: AbortSignal): Promise<void> => {
    const pending = withheld.values().filter((entry) => !entry.reported);
    await Promise.all(
      pending.map(async (entry) => {
        const body = {
          serverId: entry.serverId,
          version: entry.version,
          kind: 'tool' as const,
          name: entry.name,
          liveHash: entry.liveHash,
          reporter: deps.reporter,
        };
        const options = {
          attempts: deps.reportAttempts,
          baseDelayMs: deps.reportBaseDelayMs,
          sleep: deps.sleep,
        };
        const outcome = await reportWithRetry(deps.report, body, options, signal);
        // Only the entry still holding this live hash is marked; a newer hash reports anew.
        const current = withheld.get(entry);
        if (outcome !== undefined && current?.liveHash === entry.liveHash) current.reported = true;
        if (outcome === undefined) {
          deps.logger.warn('drift report not delivered; retried on the next check', {
            serverId: entry.serverId,
            version: entry.version,
            tool: entry.name,
          });
        }
      }),
    );
  };

  const runCheck = async (): Promise<DriftCheckSummary> => {
    const state = deps.getState();
    if (state === undefined) return { versionsChecked: 0, versionsFailed: 0, withheld: 0 };
    viewOf(state);
    const signal = AbortSignal.any([stopping.signal, AbortSignal.timeout(deps.listTimeoutMs)]);
    const checks = [...state.servers.values()].flatMap((server) =>
      [...server.versions.values()].map((version) => checkVersion(server.id, version, signal)),
    );
    const outcomes = await Promise.all(checks);
    // Withholding is in effect from here on; announcing and reporting follow.
    announceIfChanged();
    await reportPending(stopping.signal);
    return {
      versionsChecked: outcomes.length,
      versionsFailed: outcomes.filter((ok) => !ok).length,
      withheld: withheld.size,
    };
  };

  /** Runs one check now; a check already running is joined, not doubled. */
  const checkNow = (): Promise<DriftCheckSummary> => {
    running ??= runCheck().finally(() => (running = undefined));
    return running;
  };

  return {
    checkNow,
    /** Wraps `getState`: the same states, minus the withheld tools. */
    withholding(getState: () => ServingState | undefined): () => ServingState | undefined {
      return () => visible(getState());
    },
    /** Call from the snapshot client's `onChange`: re-pinned tools return, agents are told. */
    snapshotChanged(): void {
      announceIfChanged();
    },
    withheldTools(): readonly WithheldTool[] {
      return withheld.values();
    },
    start(): void {
      fingerprint ??= toolFingerprint(visible(deps.getState()));
      timer ??= setInterval(() => void checkNow().catch(() => undefined), deps.intervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      stopping.abort();
      await running?.catch(() => undefined);
    },
  };
}

export type DriftMonitor = ReturnType<typeof createDriftMonitor>;

/**
 * The protocol eras an upstream can speak. The transport family and the revision together
 * decide how the gateway must talk to it, so they are one value rather than two.
 */
export type McpEra =
  | 'stateless-2026-07-28'
  | 'session-2025-11-25'
  | 'session-2025-06-18'
  | 'session-2025-03-26'
  | 'legacy-sse-2024-11-05';

export interface UpstreamTarget {
  url: string;
  /** `auto` (default) tries Streamable HTTP first and falls back to HTTP+SSE on a 4xx. */
  transport?: 'streamable-http' | 'sse' | 'auto';
  /** Sent on every request (e.g. injected backend credentials). Values never appear in errors. */
  headers?: Record<string, string>;
  /** Budget for the whole operation, in milliseconds. */
  timeoutMs?: number;
  /** The fetch to use, e.g. an SSRF-guarded one; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Page cap per list (default 50). */
  maxPages?: number;
  /** Item cap per list (default 2000). */
  maxItems?: number;
}

export interface DiscoveryResult {
  era: McpEra;
  protocolVersion: string;
  serverInfo: { name: string; version: string; title?: string };
  instructions?: string;
  capabilities: Record<string, unknown>;
  tools: unknown[];
  resources: unknown[];
  resourceTemplates: unknown[];
  prompts: unknown[];
  durationMs: number;
}

export interface ProbeResult {
  ok: boolean;
  era?: McpEra;
  latencyMs: number;
  error?: string;
}

export interface EraDetection {
  era: McpEra;
  protocolVersion: string;
}

/** Where a discovery failed; part of the error details callers may show. */
export type DiscoveryStage =
  'connect' | 'list-tools' | 'list-resources' | 'list-resource-templates' | 'list-prompts' | 'ping';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_PAGES = 50;
export const DEFAULT_MAX_ITEMS = 2000;
/** No single upstream response may make us hold more than this in memory. */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

import type { McpEra } from './types.js';

const FIRST_MODERN_REVISION = '2026-07-28';

/**
 * Maps what the SDK negotiated onto our era names. Revisions are ISO dates, so string order is
 * chronological; a revision between two known ones behaves like the older one.
 */
export function eraFor(transport: 'streamable-http' | 'sse', protocolVersion: string): McpEra {
  if (transport === 'sse') return 'legacy-sse-2024-11-05';
  if (protocolVersion >= FIRST_MODERN_REVISION) return 'stateless-2026-07-28';
  if (protocolVersion >= '2025-11-25') return 'session-2025-11-25';
  if (protocolVersion >= '2025-06-18') return 'session-2025-06-18';
  // Streamable HTTP appeared in 2025-03-26; an older revision over it is served like that one.
  return 'session-2025-03-26';
}

export function isSessionEra(era: McpEra): boolean {
  return era.startsWith('session-');
}

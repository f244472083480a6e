import { needsSanitizing, sanitizeDefinition } from '@mcpgw/definitions';

type Body = Record<string, unknown>;

/**
 * Sanitizing every definition body dominates a snapshot build (~20 µs each, 40k in a large
 * catalog), yet bodies rarely change between builds. Keyed by version, definition and content
 * hash, so an edited body is sanitized afresh. `endBuild` keeps only entries used since the
 * previous call, which bounds the memo to the current catalog.
 */
export interface SanitizeMemo {
  sanitize(key: string, body: Readonly<Body>): Body;
  endBuild(): void;
}

/** Most bodies are clean: the snapshot never mutates them, so they are used without a copy. */
function cleanBody(body: Readonly<Body>): Body {
  return needsSanitizing(body) ? (sanitizeDefinition(body) as Body) : (body as Body);
}

export function createSanitizeMemo(): SanitizeMemo {
  let previous = new Map<string, Body>();
  let current = new Map<string, Body>();
  return {
    sanitize(key, body) {
      let clean = current.get(key) ?? previous.get(key);
      clean ??= cleanBody(body);
      current.set(key, clean);
      return clean;
    },
    endBuild() {
      previous = current;
      current = new Map();
    },
  };
}

/** No memo: every body is sanitized (one-off builds and tests). */
export const NO_MEMO: SanitizeMemo = {
  sanitize: (_key, body) => cleanBody(body),
  endBuild: () => {},
};

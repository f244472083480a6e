import type { ServingState } from './snapshot-source.js';

/**
 * Raw JSON text → a serving state, or the reason it cannot serve. Parsing, validation and
 * compilation all happen before the swap, so a bad snapshot never becomes visible.
 */
export function loadSnapshot<S, T>(
  body: string,
  etag: string | undefined,
  steps: { validate: (json: unknown) => S; compile: (snapshot: S) => T; now: Date },
): { ok: true; state: ServingState<S, T> } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, error: 'snapshot body is not valid JSON' };
  }
  try {
    const snapshot = steps.validate(json);
    const compiled = steps.compile(snapshot);
    return { ok: true, state: Object.freeze({ snapshot, compiled, etag, receivedAt: steps.now }) };
  } catch (err) {
    // zod messages can be long; the first line says which field is wrong.
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: `snapshot rejected: ${message.slice(0, 500)}` };
  }
}

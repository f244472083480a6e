/**
 * Where backend credential values come from. `ref` is the reference stored in the snapshot
 * (`env:NAME`, `file:/path`, a Secrets Manager ARN…), never the value.
 */
export interface SecretSource {
  get(ref: string): Promise<string>;
  /** Forgets a cached value, e.g. after the upstream refused it with 401. */
  invalidate(ref: string): void;
}

/** A secret could not be resolved; the message names the reference, never a value. */
export class SecretUnavailableError extends Error {
  constructor(readonly ref: string) {
    super(`secret ${ref} is unavailable`);
    this.name = 'SecretUnavailableError';
  }
}

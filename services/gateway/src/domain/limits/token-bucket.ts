export interface RateLimit {
  /** Sustained rate, tokens per second. */
  readonly ratePerSec: number;
  /** Bucket size: calls allowed at once after a quiet period. */
  readonly burst: number;
}

export interface Bucket {
  tokens: number;
  updatedMs: number;
}

export function fullBucket(limit: RateLimit, nowMs: number): Bucket {
  return { tokens: limit.burst, updatedMs: nowMs };
}

/** Lazy refill: tokens accrue from elapsed time when the bucket is next looked at. */
export function refill(bucket: Bucket, limit: RateLimit, nowMs: number): void {
  const elapsedMs = Math.max(0, nowMs - bucket.updatedMs);
  bucket.tokens = Math.min(limit.burst, bucket.tokens + (elapsedMs / 1000) * limit.ratePerSec);
  bucket.updatedMs = nowMs;
}

/** Whole seconds until one token is available (at least 1, for Retry-After). */
export function secondsUntilToken(bucket: Bucket, limit: RateLimit): number {
  if (limit.ratePerSec <= 0) return 86_400;
  const missing = Math.max(0, 1 - bucket.tokens);
  return Math.max(1, Math.ceil(missing / limit.ratePerSec));
}

/** A bucket idle this long is full again, so forgetting it changes nothing. */
export function msUntilFull(limit: RateLimit): number {
  return limit.ratePerSec <= 0 ? Infinity : (limit.burst / limit.ratePerSec) * 1000;
}

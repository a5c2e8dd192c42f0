/** Whether a call may run now, and if not, when it may. */
export type RateLimitDecision =
  | { allowed: true }
  | { allowed: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Callers tracked at once before refilled buckets are swept; bounds memory under many callers. */
const DEFAULT_MAX_BUCKETS = 10_000;

/**
 * Token buckets, one per tool and caller: each holds up to `burst` calls and refills at
 * `perMinute`, so one client cannot use up the limit of everyone else. The limit is per replica;
 * the Deployment's replica count multiplies it.
 */
export class ToolRateLimiter {
  readonly perMinute: number;
  readonly burst: number;
  readonly #refillPerMs: number;
  readonly #buckets = new Map<string, Bucket>();
  readonly #maxBuckets: number;
  readonly #now: () => number;

  constructor(options: {
    perMinute: number;
    burst?: number;
    /** Buckets kept before idle ones are dropped (a full bucket is the same as none). */
    maxBuckets?: number;
    now?: () => number;
  }) {
    if (!(options.perMinute > 0))
      throw new RangeError('perMinute must be positive');
    this.perMinute = options.perMinute;
    this.burst = Math.max(1, options.burst ?? options.perMinute);
    this.#refillPerMs = options.perMinute / 60_000;
    this.#maxBuckets = options.maxBuckets ?? DEFAULT_MAX_BUCKETS;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Takes one token from the bucket of `toolName` and `caller` (the token subject, client id or
   * network address of whoever calls).
   */
  take(toolName: string, caller: string): RateLimitDecision {
    const now = this.#now();
    const key = `${toolName}\u0000${caller}`;
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= this.#maxBuckets) this.#evict(now);
      bucket = { tokens: this.burst, updatedAt: now };
      this.#buckets.set(key, bucket);
    } else if (now > bucket.updatedAt) {
      bucket.tokens = Math.min(
        this.burst,
        bucket.tokens + (now - bucket.updatedAt) * this.#refillPerMs,
      );
      bucket.updatedAt = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterMs: Math.ceil((1 - bucket.tokens) / this.#refillPerMs),
    };
  }

  /** Number of buckets held, for tests and diagnostics. */
  get size(): number {
    return this.#buckets.size;
  }

  /**
   * Drops buckets that have refilled (forgetting them changes nothing); when every bucket is
   * still draining, drops the oldest tenth, which lets those callers start afresh: the price of
   * bounded memory when more than `maxBuckets` callers are active within a refill period.
   */
  #evict(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      const refilled =
        bucket.tokens + (now - bucket.updatedAt) * this.#refillPerMs;
      if (refilled >= this.burst) this.#buckets.delete(key);
    }
    if (this.#buckets.size < this.#maxBuckets) return;
    let excess = Math.max(1, Math.floor(this.#maxBuckets / 10));
    for (const key of this.#buckets.keys()) {
      this.#buckets.delete(key);
      if (--excess === 0) break;
    }
  }
}

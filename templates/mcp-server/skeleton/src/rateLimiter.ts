/** Whether a call may run now, and if not, when it may. */
export type RateLimitDecision =
  | { allowed: true }
  | { allowed: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Token buckets, one per tool: each holds up to `burst` calls and refills at `perMinute`. The
 * limit is per replica; the Deployment's replica count multiplies it.
 */
export class ToolRateLimiter {
  readonly perMinute: number;
  readonly burst: number;
  readonly #refillPerMs: number;
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;

  constructor(options: {
    perMinute: number;
    burst?: number;
    now?: () => number;
  }) {
    if (!(options.perMinute > 0))
      throw new RangeError('perMinute must be positive');
    this.perMinute = options.perMinute;
    this.burst = Math.max(1, options.burst ?? options.perMinute);
    this.#refillPerMs = options.perMinute / 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Takes one token from the tool's bucket. */
  take(toolName: string): RateLimitDecision {
    const now = this.#now();
    let bucket = this.#buckets.get(toolName);
    if (!bucket) {
      bucket = { tokens: this.burst, updatedAt: now };
      this.#buckets.set(toolName, bucket);
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
}

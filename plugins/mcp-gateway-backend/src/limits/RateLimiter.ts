import { GatewayStore } from '../database/GatewayStore';

/** One limit a call must fit in. */
export interface LimitKey {
  /** `user:<ref>`, `team:<ref>` or `tool:<server>#<tool>`. */
  key: string;
  scope: 'user' | 'team' | 'tool';
  perMinute: number;
  /** Set when a policy rule lowered this limit (a throttle): the rule and why. */
  throttledBy?: { rule: string; message: string };
}

/** A refusal by a rate limit. */
export interface RateLimited {
  limit: LimitKey;
  /** Seconds until the window that refused the call ends. */
  retryAfterSeconds: number;
}

const WINDOW_MS = 60_000;

interface Lease {
  windowStart: number;
  remaining: number;
  /** The window is used up for everyone: refuse without asking the store again. */
  exhausted: boolean;
  refill?: Promise<void>;
}

/**
 * Per-minute rate limits that hold across gateway replicas. Each replica claims calls from a
 * shared window counter in the database in small leases (about 1 % of the limit) and spends them
 * locally, so the counter is touched once per lease rather than once per call, and a replica
 * asks for the next lease before the current one runs out. Replicas together never grant more
 * than the limit; leases left unspent when a window ends are the only slack (a few percent).
 */
export class RateLimiter {
  private readonly leases = new Map<string, Lease>();

  constructor(
    private readonly store: GatewayStore,
    private readonly now: () => number = Date.now,
  ) {}

  private leaseSize(perMinute: number) {
    return Math.max(1, Math.floor(perMinute / 100));
  }

  private async refill(limit: LimitKey, lease: Lease): Promise<void> {
    const granted = await this.store.claim(
      limit.key,
      lease.windowStart,
      this.leaseSize(limit.perMinute),
      limit.perMinute,
    );
    if (granted === 0) lease.exhausted = true;
    lease.remaining += granted;
  }

  private leaseFor(limit: LimitKey, windowStart: number): Lease {
    let lease = this.leases.get(limit.key);
    if (!lease || lease.windowStart !== windowStart) {
      lease = { windowStart, remaining: 0, exhausted: false };
      this.leases.set(limit.key, lease);
    }
    return lease;
  }

  /**
   * Takes one call from every limit, or refuses with the first limit that has none left (then
   * nothing is taken from any).
   */
  async take(limits: LimitKey[]): Promise<RateLimited | undefined> {
    const now = this.now();
    const windowStart = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((windowStart + WINDOW_MS - now) / 1000),
    );
    const leases = limits.map(limit => this.leaseFor(limit, windowStart));
    for (let i = 0; i < limits.length; i++) {
      const lease = leases[i];
      while (lease.remaining <= 0 && !lease.exhausted) {
        lease.refill ??= this.refill(limits[i], lease).finally(() => {
          lease.refill = undefined;
        });
        await lease.refill;
      }
      if (lease.remaining <= 0) return { limit: limits[i], retryAfterSeconds };
    }
    leases.forEach((lease, i) => {
      lease.remaining--;
      // Ask for the next lease before this one runs out, off the call's path.
      const size = this.leaseSize(limits[i].perMinute);
      if (size > 4 && lease.remaining === Math.floor(size / 4) && !lease.refill)
        lease.refill = this.refill(limits[i], lease)
          .catch(() => {})
          .finally(() => {
            lease.refill = undefined;
          });
    });
    this.prune(windowStart);
    return undefined;
  }

  private prune(windowStart: number) {
    if (this.leases.size < 10_000) return;
    for (const [key, lease] of this.leases)
      if (lease.windowStart !== windowStart) this.leases.delete(key);
  }
}

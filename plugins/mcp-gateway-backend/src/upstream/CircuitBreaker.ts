import { BreakerState } from '@mcp-platform/plugin-mcp-gateway-common';

/** When a breaker opens and how long it stays open. */
export interface BreakerSettings {
  consecutiveFailures: number;
  failureRatio: number;
  minimumCalls: number;
  windowMs: number;
  openMs: number;
}

/**
 * A circuit breaker for one upstream. Closed, it counts outcomes in a sliding window (per
 * second buckets); it opens on `consecutiveFailures` failures in a row, or when the window holds
 * at least `minimumCalls` calls of which `failureRatio` failed. Open, it refuses calls until
 * `openMs` have passed; then it is half-open and lets exactly one probe through: success closes
 * it, failure opens it again.
 */
export class CircuitBreaker {
  private stateValue: BreakerState = 'closed';
  private openedAt = 0;
  private probing = false;
  private consecutive = 0;
  /** [second, calls, failures] buckets of the window. */
  private buckets: [number, number, number][] = [];

  constructor(
    private readonly settings: BreakerSettings,
    private readonly onChange?: (state: BreakerState) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    if (
      this.stateValue === 'open' &&
      this.now() - this.openedAt >= this.settings.openMs
    )
      this.set('half-open');
    return this.stateValue;
  }

  /** When an open breaker lets a probe through. */
  get retryAt(): number | undefined {
    return this.stateValue === 'open'
      ? this.openedAt + this.settings.openMs
      : undefined;
  }

  /** Calls and failures in the window. */
  get window(): { calls: number; failures: number } {
    this.trim();
    let calls = 0;
    let failures = 0;
    for (const [, c, f] of this.buckets) {
      calls += c;
      failures += f;
    }
    return { calls, failures };
  }

  /**
   * Whether a call may go through now. In half-open state only one probe is in flight at a time;
   * a caller that gets `true` must report the outcome with {@link success} or {@link failure}.
   */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  success(): void {
    this.record(false);
    this.consecutive = 0;
    if (this.stateValue === 'half-open') {
      this.probing = false;
      this.buckets = [];
      this.set('closed');
    }
  }

  failure(): void {
    this.record(true);
    this.consecutive++;
    if (this.stateValue === 'half-open') {
      this.probing = false;
      this.open();
      return;
    }
    if (this.stateValue !== 'closed') return;
    const { calls, failures } = this.window;
    if (
      this.consecutive >= this.settings.consecutiveFailures ||
      (calls >= this.settings.minimumCalls &&
        failures / calls >= this.settings.failureRatio)
    )
      this.open();
  }

  /** An outcome that says nothing about the upstream's health (a refusal before the call). */
  release(): void {
    if (this.stateValue === 'half-open') this.probing = false;
  }

  private open() {
    this.openedAt = this.now();
    this.set('open');
  }

  private set(state: BreakerState) {
    if (state === this.stateValue) return;
    this.stateValue = state;
    this.onChange?.(state);
  }

  private record(failed: boolean) {
    const second = Math.floor(this.now() / 1000);
    const last = this.buckets[this.buckets.length - 1];
    if (last && last[0] === second) {
      last[1]++;
      if (failed) last[2]++;
    } else {
      this.buckets.push([second, 1, failed ? 1 : 0]);
    }
    this.trim();
  }

  private trim() {
    const oldest = Math.floor((this.now() - this.settings.windowMs) / 1000);
    while (this.buckets.length && this.buckets[0][0] <= oldest)
      this.buckets.shift();
  }
}

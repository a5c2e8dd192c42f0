/**
 * A small time-bounded cache that also shares in-flight lookups, so a burst of decisions about
 * the same tool asks the catalog once. Failed lookups are not cached.
 */
export class TtlCache<T> {
  private readonly entries = new Map<
    string,
    { expiresAt: number; value: Promise<T> }
  >();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** `ttlFor` may shorten the lifetime of a value, e.g. of negative answers. */
  getOrCompute(
    key: string,
    compute: () => Promise<T>,
    ttlFor?: (value: T) => number,
  ): Promise<T> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    if (hit) this.entries.delete(key);
    const value = compute();
    const entry = { expiresAt: now + this.ttlMs, value };
    this.entries.set(key, entry);
    value.then(
      v => {
        if (ttlFor) {
          entry.expiresAt = Math.min(entry.expiresAt, Date.now() + ttlFor(v));
        }
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    if (this.entries.size > this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest entry.
      this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }

  /** Whether `key` holds a value (or a lookup under way) that has not expired. */
  has(key: string): boolean {
    const hit = this.entries.get(key);
    return hit !== undefined && hit.expiresAt > Date.now();
  }

  /** Forgets the entries whose key `matches`: the next lookup asks again. */
  forget(matches: (key: string) => boolean): void {
    for (const key of [...this.entries.keys()])
      if (matches(key)) this.entries.delete(key);
  }
}

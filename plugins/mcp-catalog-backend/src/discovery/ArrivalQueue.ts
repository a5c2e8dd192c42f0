/**
 * Results of a known number of concurrent tasks, taken in batches as they arrive: `take`
 * waits for at least one and returns what has arrived (up to `max`), or nothing once all have
 * been taken.
 */
export class ArrivalQueue<T> {
  private readonly items: T[] = [];
  private remaining: number;
  private wake?: () => void;

  constructor(expected: number) {
    this.remaining = expected;
  }

  push(item: T): void {
    this.items.push(item);
    this.remaining--;
    this.wake?.();
  }

  /** True when every result has arrived and been taken. */
  get drained(): boolean {
    return this.remaining === 0 && this.items.length === 0;
  }

  async take(max: number): Promise<T[]> {
    while (!this.items.length && this.remaining > 0) {
      await new Promise<void>(resolve => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
    return this.items.splice(0, max);
  }
}

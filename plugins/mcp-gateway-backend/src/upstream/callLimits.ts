/** What bounds a call to an upstream: a concurrency slot, a deadline, a wait the caller can abort. */
import { withinSignal } from '@mcp-platform/plugin-mcp-catalog-node';

/** Waits for a slot among `max`; at most `maxQueued` wait. */
export class Slots {
  private inFlightValue = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number, private readonly maxQueued: number) {}

  get inFlight() {
    return this.inFlightValue;
  }

  async acquire(signal: AbortSignal): Promise<boolean> {
    if (this.inFlightValue < this.max) {
      this.inFlightValue++;
      return true;
    }
    if (this.waiting.length >= this.maxQueued) return false;
    await withinSignal(
      new Promise<void>(resolve => this.waiting.push(resolve)),
      signal,
    );
    this.inFlightValue++;
    return true;
  }

  release() {
    this.inFlightValue--;
    this.waiting.shift()?.();
  }
}

/**
 * The caller's signal with a deadline: aborted by the caller, or with a TimeoutError after `ms`.
 * A timer and a listener, released by `done`: AbortSignal.any and AbortSignal.timeout keep weak
 * references and finalizers that cost more per call than the call's own work.
 */
export function withDeadline(caller: AbortSignal, ms: number) {
  const controller = new AbortController();
  const onAbort = () => controller.abort(caller.reason);
  if (caller.aborted) onAbort();
  else caller.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(
    () =>
      controller.abort(
        new DOMException('The operation timed out.', 'TimeoutError'),
      ),
    ms,
  );
  return {
    signal: controller.signal,
    done() {
      clearTimeout(timer);
      caller.removeEventListener('abort', onAbort);
    },
  };
}

/** Waits `ms`, or until the signal aborts. */
export const sleep = (ms: number, signal: AbortSignal) =>
  withinSignal(new Promise(resolve => setTimeout(resolve, ms)), signal);

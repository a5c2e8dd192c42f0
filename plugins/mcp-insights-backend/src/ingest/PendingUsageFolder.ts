import { LoggerService } from '@backstage/backend-plugin-api';
import { UsageRollupStore } from '../database/InsightsStore';

/**
 * Folds staged push batches into the rollups in the background. Pushes only append a batch
 * (their ids and one compact row), so a push costs about as much as its ids; the folding then
 * sums every batch that piled up meanwhile into one set of upserts, which is what lets ingest
 * keep up with tens of thousands of events a second. Any replica may fold any batch: claiming
 * deletes it in the transaction that counts it.
 */
export class PendingUsageFolder {
  private running?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private again = false;

  constructor(
    private readonly deps: {
      store: UsageRollupStore;
      logger: LoggerService;
      fineRetentionMs: number;
      /**
       * How long staged batches wait before a fold, so that one fold sums many batches.
       * Default 1 000 ms: dashboards trail pushes by about that much.
       */
      delayMs?: number;
      /** Batches folded per transaction. */
      maxBatches?: number;
      now?: () => number;
    },
  ) {}

  /** Folds soon: after the delay, or once more after the running fold. */
  trigger(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, this.deps.delayMs ?? 1000);
    this.timer.unref?.();
  }

  /** Resolves once everything staged before the call (and visible to this replica) is folded. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.start();
    await this.running;
  }

  private start() {
    this.again = false;
    this.running = this.drain()
      .catch(error => {
        this.deps.logger.warn(
          `MCP insights: folding pushed usage failed, it stays pending and is retried: ${
            (error as Error).message
          }`,
        );
      })
      .finally(() => {
        this.running = undefined;
        // Batches staged during this fold wait for the next one: a fold per delay at most.
        if (this.again) this.trigger();
      });
  }

  private async drain() {
    const max = this.deps.maxBatches ?? 200;
    for (;;) {
      const now = (this.deps.now ?? Date.now)();
      const { batches } = await this.deps.store.foldPending(
        max,
        now - this.deps.fineRetentionMs,
      );
      if (batches < max) return;
    }
  }
}

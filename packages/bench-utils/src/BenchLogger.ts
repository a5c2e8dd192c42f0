import type { LoggerService } from '@backstage/backend-plugin-api';

/**
 * The logger a benchmark gives the code it measures: keeps warnings and errors (a discovery
 * that failed, say) to report them, optionally printing each as it comes; info and debug are
 * dropped, as their output would be measured too.
 */
export class BenchLogger implements LoggerService {
  /** Every warning and error, in order. */
  readonly problems: string[] = [];

  constructor(private readonly options: { print?: boolean } = {}) {}

  error(message: string): void {
    this.record('error', message);
  }

  warn(message: string): void {
    this.record('warn', message);
  }

  info(): void {}

  debug(): void {}

  child(): LoggerService {
    return this;
  }

  private record(level: string, message: string) {
    this.problems.push(message);
    // eslint-disable-next-line no-console
    if (this.options.print) console.log(`  logger ${level}: ${message}`);
  }
}

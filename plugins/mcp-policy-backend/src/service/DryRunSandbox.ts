import { spawn } from 'node:child_process';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  DecisionLogEntry,
  DryRunResponse,
  PolicyLoadError,
} from '@mcp-platform/plugin-mcp-policy-common';
import { compileCandidateSet } from '../engine/compileCandidateSet';
import {
  CompiledPolicySet,
  CompileOptions,
  PolicySource,
} from '../engine/compilePolicySet';
import { replayDecisions } from '../engine/replayDecisions';

/** Limits of {@link DryRunSandbox}; see `mcpPolicy.dryRun` in config.d.ts. */
export interface DryRunLimits {
  /** Compiling the candidates and replaying the decisions must finish within this. */
  timeoutMs: number;
  /** Heap of the process a dry run runs in. */
  maxMemoryMb: number;
  /** Dry runs at once on this instance; more are refused until one finishes. */
  maxConcurrent: number;
  /** How long the process may take to load the engine (not counted in `timeoutMs`). */
  startTimeoutMs?: number;
}

/** A dry run that hit its time or memory limit: the candidates, not the server, are at fault. */
export class DryRunStoppedError extends Error {
  readonly name = 'DryRunStoppedError';
}

/** What a dry run asks: candidate documents, and the active set they change. */
export interface DryRunJob {
  candidates: PolicySource[];
  active: PolicySource[];
  replace: boolean;
}

/** What crosses to the child must be plain data: no `exclude` function. */
type ChildCompileOptions = Pick<CompileOptions, 'maxExpressionCost'>;

type ToChild =
  | ({ type: 'compile'; compile: ChildCompileOptions } & DryRunJob)
  | {
      type: 'replay';
      entries: DecisionLogEntry[];
      defaults: {
        toolCallDefault: 'allow' | 'deny';
        permissionDefault: 'allow' | 'deny';
      };
    };

type FromChild =
  | { type: 'ready' }
  | { type: 'compiled'; errors: PolicyLoadError[] }
  | { type: 'replayed'; response: DryRunResponse };

const CHILD_MESSAGES = new Set<unknown>(['ready', 'compiled', 'replayed']);

/** Set in the child's environment; the module serves dry runs when it finds it. */
const CHILD_MARKER = 'MCP_POLICY_DRY_RUN_CHILD';

/**
 * Loads this module in the child. From TypeScript sources (tests, `yarn start`) the child needs
 * the same transform as the backend; `process.argv` holds `[node, module, transform]`.
 */
const BOOTSTRAP = `
const [, module, transform] = process.argv;
if (transform) require(transform);
require(module);
`;

function sourceTransform(): string {
  if (!__filename.endsWith('.ts')) return '';
  try {
    return require.resolve('@backstage/cli/config/nodeTransform.cjs');
  } catch {
    return '';
  }
}

/**
 * Runs dry runs, whose policies come from whoever calls the API, in a child process with a
 * deadline and a heap limit. Load-time checks bound each expression (cost, RE2 patterns, globs),
 * but not everything a hostile candidate can do: a chain of `cel.bind` doubling a list eats
 * seconds and gigabytes per decision. The child costs at most the limits, is killed at either,
 * and the backend's event loop never waits for it. A process, not a worker thread: a single
 * allocation past a worker's heap limit aborts the whole process, backend included.
 */
export class DryRunSandbox {
  private running = 0;

  constructor(
    private readonly options: DryRunLimits & {
      compile?: ChildCompileOptions;
      toolCallDefault: 'allow' | 'deny';
      permissionDefault: 'allow' | 'deny';
    },
  ) {}

  /**
   * Compiles the candidates; if they load, replays the decisions `loadEntries` returns. Throws
   * {@link DryRunStoppedError} at a limit and `ServiceUnavailableError` when too many run.
   */
  async run(
    job: DryRunJob,
    loadEntries: () => Promise<DecisionLogEntry[]>,
  ): Promise<{ errors: PolicyLoadError[] } | { response: DryRunResponse }> {
    const { timeoutMs, maxMemoryMb, maxConcurrent } = this.options;
    if (this.running >= maxConcurrent) {
      throw new ServiceUnavailableError(
        `${this.running} dry run(s) are already running on this backend instance (mcpPolicy.dryRun.maxConcurrent); try again when they finish`,
      );
    }
    this.running++;
    // Nothing of the backend's environment (credentials, config) reaches the child.
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${maxMemoryMb}`,
        '-e',
        BOOTSTRAP,
        __filename,
        sourceTransform(),
      ],
      {
        env: { [CHILD_MARKER]: '1' },
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      },
    );
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + String(chunk)).slice(-4096);
    });
    const timers: NodeJS.Timeout[] = [];
    try {
      const inbox: FromChild[] = [];
      let waiting: ((message: FromChild) => void) | undefined;
      child.on('message', (message: FromChild) => {
        // The TypeScript transform reports loaded files on the same channel (`watch`).
        if (!CHILD_MESSAGES.has(message?.type)) return;
        if (waiting) {
          const deliver = waiting;
          waiting = undefined;
          deliver(message);
        } else inbox.push(message);
      });
      const failed = new Promise<never>((_, reject) => {
        child.once('error', reject);
        child.once('exit', (code, signal) => {
          // V8 aborts a process whose heap is full; the limit is the child's only abort.
          reject(
            /heap out of memory/i.test(stderr) || signal === 'SIGABRT'
              ? new DryRunStoppedError(
                  `The dry run stopped: the candidate policies needed more than ${maxMemoryMb} MB of memory (mcpPolicy.dryRun.maxMemoryMb). Look for expressions that build large lists or strings, such as cel.bind chains that concatenate.`,
                )
              : new Error(
                  `The dry-run process exited (${
                    signal ?? `code ${code}`
                  }) before it answered`,
                ),
          );
        });
      });
      failed.catch(() => {}); // also fires on the kill() below, when nobody listens
      const deadline = (ms: number, error: () => Error) =>
        new Promise<never>((_, reject) => {
          timers.push(setTimeout(() => reject(error()), ms));
        });
      const within = <T>(work: Promise<T>, limit: Promise<never>) =>
        Promise.race([work, failed, limit]);
      const receive = () =>
        new Promise<FromChild>(resolve => {
          const next = inbox.shift();
          if (next) resolve(next);
          else waiting = resolve;
        });

      const startTimeoutMs = this.options.startTimeoutMs ?? 60_000;
      await within(
        receive(),
        deadline(
          startTimeoutMs,
          () =>
            new Error(
              `The dry-run process did not start within ${startTimeoutMs} ms`,
            ),
        ),
      );
      const limit = deadline(
        timeoutMs,
        () =>
          new DryRunStoppedError(
            `The dry run stopped after ${timeoutMs} ms (mcpPolicy.dryRun.timeoutMs): the candidate policies take too long on the recorded decisions. Replay fewer decisions (kind, since, until, limit) or simplify the expressions.`,
          ),
      );
      limit.catch(() => {});
      const send = (message: ToChild) => child.send(message);
      send({ type: 'compile', compile: this.options.compile ?? {}, ...job });
      const compiled = await within(receive(), limit);
      if (compiled.type !== 'compiled') {
        throw new Error(`Unexpected ${compiled.type} from the dry-run process`);
      }
      if (compiled.errors.length > 0) return { errors: compiled.errors };
      const entries = await within(loadEntries(), limit);
      send({
        type: 'replay',
        entries,
        defaults: {
          toolCallDefault: this.options.toolCallDefault,
          permissionDefault: this.options.permissionDefault,
        },
      });
      const replayed = await within(receive(), limit);
      if (replayed.type !== 'replayed') {
        throw new Error(`Unexpected ${replayed.type} from the dry-run process`);
      }
      return { response: replayed.response };
    } finally {
      timers.forEach(clearTimeout);
      this.running--;
      child.kill('SIGKILL');
    }
  }
}

/** The child's side: compile on request, then replay against what compiled. */
function serveDryRuns(send: (message: FromChild) => void) {
  let set: CompiledPolicySet | undefined;
  process.on('message', (message: ToChild) => {
    if (message.type === 'compile') {
      const { set: compiled, errors } = compileCandidateSet(
        message,
        message.compile,
      );
      set = compiled;
      send({ type: 'compiled', errors });
    } else if (set) {
      send({
        type: 'replayed',
        response: replayDecisions(set, message.entries, message.defaults),
      });
    }
  });
  // The backend going away closes the channel; nothing is left to do then.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}

if (process.env[CHILD_MARKER] === '1' && process.send) {
  serveDryRuns(message => process.send!(message));
}

import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { PolicyLoadError } from '@mcp-platform/plugin-mcp-policy-common';
import {
  CompiledPolicySet,
  compilePolicySet,
  CompileOptions,
  PolicySource,
} from './compilePolicySet';

const POLICY_FILE = /\.ya?ml$/;

/** Reads policy files: each path is a file or a directory of `.yaml`/`.yml` files. */
export async function readPolicySources(
  paths: string[],
): Promise<PolicySource[]> {
  const sources: PolicySource[] = [];
  for (const path of paths) {
    const full = resolve(path);
    const info = await stat(full).catch(() => undefined);
    if (!info) {
      throw new Error(
        `Policy path ${full} does not exist; fix mcpPolicy.policyFiles`,
      );
    }
    const files = info.isDirectory()
      ? (await readdir(full))
          .filter(f => POLICY_FILE.test(f))
          .sort()
          .map(f => join(full, f))
      : [full];
    for (const file of files) {
      sources.push({ source: file, content: await readFile(file, 'utf8') });
    }
  }
  return sources;
}

/** The active policy set and the outcome of the last load attempt. */
export interface PolicySetState {
  /** Undefined until a valid set has loaded: the engine then denies everything. */
  set?: CompiledPolicySet;
  /** The files the active set was compiled from. */
  sources: PolicySource[];
  loadedAt?: Date;
  lastAttemptAt: Date;
  errors: PolicyLoadError[];
}

/**
 * Loads policy files and reloads them when they change. A candidate set with any error is
 * rejected as a whole and the last good set stays active; the errors are kept for the API.
 */
export class PolicySetLoader {
  private state: PolicySetState = {
    lastAttemptAt: new Date(),
    errors: [],
    sources: [],
  };
  private lastContentKey = '';

  constructor(
    private readonly options: {
      paths: string[];
      logger: LoggerService;
      compile?: CompileOptions;
    },
  ) {}

  current(): PolicySetState {
    return this.state;
  }

  /** Reads the files and swaps in the new set if they changed and compile cleanly. */
  async reload(): Promise<PolicySetState> {
    const { logger } = this.options;
    const attemptAt = new Date();
    let sources: PolicySource[];
    try {
      sources = await readPolicySources(this.options.paths);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.error(`Policies not reloaded: ${message}`);
      this.state = {
        ...this.state,
        lastAttemptAt: attemptAt,
        errors: [{ source: 'mcpPolicy.policyFiles', message }],
      };
      return this.state;
    }
    const key = sources.map(s => `${s.source}\0${s.content}`).join('\0');
    if (key === this.lastContentKey) {
      this.state = { ...this.state, lastAttemptAt: attemptAt };
      return this.state;
    }
    this.lastContentKey = key;
    const { set, errors } = compilePolicySet(sources, this.options.compile);
    if (!set) {
      logger.error(
        `Policies rejected (${errors.length} error(s)); ${
          this.state.set
            ? `policy set ${this.state.set.digest} stays active`
            : 'no policy set is active, every decision is denied'
        }: ${errors
          .slice(0, 5)
          .map(e => `${e.source}:${e.line ?? '?'} ${e.rule ?? ''} ${e.message}`)
          .join(' | ')}`,
      );
      this.state = { ...this.state, lastAttemptAt: attemptAt, errors };
      return this.state;
    }
    const count = Object.values(set.rules).reduce((n, r) => n + r.length, 0);
    logger.info(
      `Loaded policy set ${set.digest}: ${set.policies.length} policies, ${count} rules`,
    );
    this.state = {
      set,
      sources,
      loadedAt: attemptAt,
      lastAttemptAt: attemptAt,
      errors: [],
    };
    return this.state;
  }
}

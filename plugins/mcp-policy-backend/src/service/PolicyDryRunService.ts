import { InputError } from '@backstage/errors';
import {
  DryRunRequest,
  DryRunResponse,
  PolicyLoadError,
} from '@mcp-platform/plugin-mcp-policy-common';
import { DecisionLog } from '../database/DecisionLog';
import { PolicySetLoader } from '../engine/PolicySetLoader';
import { DryRunSandbox } from './DryRunSandbox';

/** Decisions a dry run replays when the request names no limit. */
const DEFAULT_REPLAY_LIMIT = 1000;

/** The candidate documents of a dry run do not load; `errors` says where and why. */
export class CandidatePoliciesRejectedError extends InputError {
  constructor(readonly errors: PolicyLoadError[]) {
    super(`The candidate policies do not load: ${errors.length} error(s)`);
  }
}

/**
 * Dry runs as the API offers them: the request's documents change (or, with `replace`, stand in
 * for) the active policy set, and the candidates replay the logged decisions the caller may read.
 */
export class PolicyDryRunService {
  constructor(
    private readonly deps: {
      sandbox: DryRunSandbox;
      loader: Pick<PolicySetLoader, 'current'>;
      log: Pick<DecisionLog, 'forReplay'>;
    },
  ) {}

  /**
   * Runs `request` over the decisions about or asked by `involving` (all decisions when
   * undefined). Throws {@link CandidatePoliciesRejectedError} when the candidates do not load,
   * and passes on the sandbox's `DryRunStoppedError` and `ServiceUnavailableError`.
   */
  async run(
    request: DryRunRequest,
    options: { involving?: string },
  ): Promise<DryRunResponse> {
    const { sandbox, loader, log } = this.deps;
    const outcome = await sandbox.run(
      {
        candidates: request.documents.map(d => ({
          source: d.name,
          content: d.content,
        })),
        active: loader.current().sources,
        replace: request.replace ?? false,
      },
      () =>
        log.forReplay({
          kind: request.kind,
          since: request.since ? new Date(request.since) : undefined,
          until: request.until ? new Date(request.until) : undefined,
          limit: request.limit ?? DEFAULT_REPLAY_LIMIT,
          involving: options.involving,
        }),
    );
    if ('errors' in outcome) {
      throw new CandidatePoliciesRejectedError(outcome.errors);
    }
    return outcome.response;
  }
}

import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type {
  EvaluateToolCallsResponse,
  ToolCallDecision,
} from '@mcp-platform/plugin-mcp-policy-common';
import { refusedTokenHint } from '../service/refusedTokenHint';

/** The caller a decision is about: the user (or a team's service principal) and their groups. */
export interface DecisionSubject {
  /** A `user:` ref; service principals decide as their team's pseudo-user. */
  userRef: string;
  groups: string[];
  /** The consuming team the call is made for: rules see it (`user.team`) and its budget. */
  team?: string;
}

/** What the engine accepts as a team: a group entity ref. */
const GROUP_REF = /^group:[a-z0-9][a-z0-9_.-]*\/[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** One tool to decide on, with the facts that make a cached decision stale when they change. */
export interface DecisionQuestion {
  server: string;
  tool: string;
  /** Changes when the tool's definition, approval or findings change. */
  version: string;
}

/** What the gateway needs of a decision. */
export type GatewayDecision = Pick<
  ToolCallDecision,
  | 'result'
  | 'reason'
  | 'message'
  | 'rules'
  | 'decisionId'
  | 'policySetDigest'
  | 'throttle'
>;

/** Answers tool-call questions, e.g. the policy engine over HTTP. */
export interface ToolCallPolicy {
  evaluate(
    subject: DecisionSubject,
    tools: { server: string; tool: string }[],
    record: boolean,
  ): Promise<GatewayDecision[]>;
}

const BATCH = 500;

/** The MCP policy engine's `POST /v1/tool-calls/evaluate`, with the gateway's service token. */
export class HttpToolCallPolicy implements ToolCallPolicy {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async evaluate(
    subject: DecisionSubject,
    tools: { server: string; tool: string }[],
    record: boolean,
  ): Promise<GatewayDecision[]> {
    const [base, { token }] = await Promise.all([
      this.deps.discovery.getBaseUrl('mcp-policy'),
      this.deps.auth.getPluginRequestToken({
        onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
        targetPluginId: 'mcp-policy',
      }),
    ]);
    const batches: Promise<GatewayDecision[]>[] = [];
    for (let i = 0; i < tools.length; i += BATCH) {
      batches.push(
        fetch(`${base}/v1/tool-calls/evaluate`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
          },
          body: JSON.stringify({
            user: {
              ref: subject.userRef,
              groups: subject.groups,
              // A team the engine would refuse as malformed decides as no team.
              ...(subject.team && GROUP_REF.test(subject.team)
                ? { team: subject.team }
                : {}),
            },
            tools: tools.slice(i, i + BATCH),
            record,
          }),
        }).then(async response => {
          if (!response.ok)
            throw new Error(
              `the policy engine answered ${
                response.status
              } to a tool-call evaluation${refusedTokenHint(
                'mcp-policy',
                response.status,
              )}`,
            );
          return ((await response.json()) as EvaluateToolCallsResponse)
            .decisions;
        }),
      );
    }
    return (await Promise.all(batches)).flat();
  }
}

interface CachedDecision {
  decision: GatewayDecision;
  expiresAt: number;
}

/** Fails closed: an unreachable engine refuses, saying why. */
function engineUnreachable(error: unknown): GatewayDecision {
  return {
    result: 'deny',
    reason: 'error',
    message: `The policy engine could not be asked (${
      error instanceof Error ? error.message : String(error)
    }), so the gateway refuses until it answers again.`,
    rules: [],
    policySetDigest: 'none',
  };
}

/** The last part of a decision's life in which a use asks the engine again, in the background. */
const REFRESH_AHEAD = 0.25;

/**
 * Policy decisions for gateway callers, through the policy engine so its decision log explains
 * them, reused for `ttlMs` per caller, tool and tool version. `tools/list` and `tools/call` ask
 * the same cache, so what is listed can be called. Lists are what-ifs (not logged); a call's
 * decision is logged when it is first made, and a refused call gets a logged decision to point at.
 *
 * A decision in use is asked again before it expires: the first use in the last quarter of its
 * life asks the engine in the background and is answered from the cache. A decision is never
 * used past `ttlMs`, so a policy change still takes effect within it; but calls that repeat
 * (an agent's) no longer wait on the engine each time a decision expires, which at 500 calls
 * a second was what the slowest calls waited for. A failed refresh leaves the decision to expire.
 */
export class ToolCallDecider {
  private readonly cache = new Map<string, CachedDecision>();
  private readonly inFlight = new Map<string, Promise<GatewayDecision>>();

  constructor(
    private readonly deps: {
      policy: ToolCallPolicy;
      logger: LoggerService;
      ttlMs: number;
      now?: () => number;
    },
  ) {}

  private now() {
    return this.deps.now?.() ?? Date.now();
  }

  private key(subject: DecisionSubject, q: DecisionQuestion) {
    return `${subject.userRef}|${subject.groups.join(',')}|${
      subject.team ?? ''
    }|${q.server}|${q.tool}|${q.version}`;
  }

  /** Decisions for many tools (a tools/list), in the order asked. */
  async decideMany(
    subject: DecisionSubject,
    questions: DecisionQuestion[],
  ): Promise<GatewayDecision[]> {
    const now = this.now();
    const refreshFrom = this.deps.ttlMs * REFRESH_AHEAD;
    const answers: (GatewayDecision | Promise<GatewayDecision>)[] = [];
    const missing: { index: number; q: DecisionQuestion; key: string }[] = [];
    const renewing: { q: DecisionQuestion; key: string }[] = [];
    questions.forEach((q, index) => {
      const key = this.key(subject, q);
      const cached = this.cache.get(key);
      if (cached && cached.expiresAt > now) {
        answers[index] = cached.decision;
        if (cached.expiresAt - now <= refreshFrom && !this.inFlight.has(key))
          renewing.push({ q, key });
      } else {
        const pending = this.inFlight.get(key);
        if (pending) answers[index] = pending;
        else missing.push({ index, q, key });
      }
    });
    if (missing.length) {
      const asked = this.ask(subject, missing);
      missing.forEach((m, i) => {
        answers[m.index] = asked[i];
      });
    }
    if (renewing.length)
      this.ask(subject, renewing).forEach(one => one.catch(() => {}));
    this.evictExpired(now);
    return Promise.all(answers);
  }

  /** Asks the engine (not logged), caches what it decides; one promise per question. */
  private ask(
    subject: DecisionSubject,
    questions: { q: DecisionQuestion; key: string }[],
  ): Promise<GatewayDecision>[] {
    const asked = this.deps.policy
      .evaluate(
        subject,
        questions.map(m => ({ server: m.q.server, tool: m.q.tool })),
        false,
      )
      .catch(error => {
        this.deps.logger.warn(`MCP gateway: policy engine failed: ${error}`);
        return questions.map(() => engineUnreachable(error));
      });
    return questions.map((m, i) => {
      const one = asked.then(decisions => {
        const decision = decisions[i] ?? engineUnreachable('no answer');
        if (decision.reason !== 'error' || decision.rules.length)
          this.cache.set(m.key, {
            decision,
            expiresAt: this.now() + this.deps.ttlMs,
          });
        return decision;
      });
      this.inFlight.set(m.key, one);
      one.finally(() => this.inFlight.delete(m.key)).catch(() => {});
      return one;
    });
  }

  /**
   * The decision for one call. A decision taken for a list (not logged) is reused for an
   * allowed call; a refusal is logged once per cache period so the refusal can name its entry.
   */
  async decideCall(
    subject: DecisionSubject,
    q: DecisionQuestion,
  ): Promise<GatewayDecision> {
    const [decision] = await this.decideMany(subject, [q]);
    if (decision.result === 'allow' || decision.decisionId) return decision;
    if (decision.reason === 'error' && !decision.rules.length) return decision;
    return this.logged(subject, q, decision);
  }

  /**
   * The decision, written to the decision log (once per cache period), so that a refusal it
   * causes can name its entry: a denial, or an allowed call refused by a throttle's limit.
   */
  async logged(
    subject: DecisionSubject,
    q: DecisionQuestion,
    decision: GatewayDecision,
  ): Promise<GatewayDecision> {
    if (decision.decisionId) return decision;
    try {
      const [logged] = await this.deps.policy.evaluate(
        subject,
        [{ server: q.server, tool: q.tool }],
        true,
      );
      this.cache.set(this.key(subject, q), {
        decision: logged,
        expiresAt: this.now() + this.deps.ttlMs,
      });
      return logged;
    } catch {
      return decision;
    }
  }

  private evictExpired(now: number) {
    if (this.cache.size < 50_000) return;
    for (const [key, entry] of this.cache)
      if (entry.expiresAt <= now) this.cache.delete(key);
  }
}

import { LoggerService } from '@backstage/backend-plugin-api';
import type { CallToolResult, Tool } from '@modelcontextprotocol/client';
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/client';
import { describeUpstreamError } from '@mcp-platform/plugin-mcp-catalog-node';
import {
  GatewayRefusalKind,
  GatewayToolView,
} from '@mcp-platform/plugin-mcp-gateway-common';
import { randomUUID } from 'node:crypto';
import {
  GatewayCatalog,
  GatewayServer,
  GatewayTool,
  McpCatalogReader,
} from '../catalog/GatewayCatalog';
import { GatewayProfile } from '../config/readGatewayConfig';
import { GatewayStore } from '../database/GatewayStore';
import { withPolicyThrottle } from '../limits/limitsFor';
import { LimitKey, RateLimiter } from '../limits/RateLimiter';
import { UsageMeter } from '../metering/UsageMeter';
import { GatewayMetrics } from '../metrics/GatewayMetrics';
import {
  DecisionQuestion,
  GatewayDecision,
  ToolCallDecider,
} from '../policy/ToolCallDecider';
import {
  LiveTools,
  UpstreamPool,
  UpstreamUnavailableError,
} from '../upstream/UpstreamPool';
import { answerBytes } from '../upstream/wireToolCall';
import { ArgumentValidator } from './ArgumentValidator';
import {
  GatewayScope,
  nameTools,
  ScopedTool,
  serversInScope,
} from './GatewayScope';

/**
 * An upstream's result as the gateway's own: the protocol's reserved `_meta` keys (the upstream's
 * identity, say) describe the upstream's exchange with the gateway, not the caller's with it.
 */
function relayedResult(result: CallToolResult): CallToolResult {
  const meta = result._meta;
  if (!meta) return result;
  const kept = Object.entries(meta).filter(
    ([key]) => !key.startsWith('io.modelcontextprotocol/'),
  );
  const { _meta: _dropped, ...rest } = result;
  return kept.length ? { ...rest, _meta: Object.fromEntries(kept) } : rest;
}

function scopeKey(scope: GatewayScope): string {
  if (scope.kind === 'server') return `server:${scope.ref}`;
  if (scope.kind === 'profile') return `profile:${scope.name}`;
  return 'aggregate';
}

/** Who calls the gateway, as its decisions, limits and meter see them. */
export interface GatewayCaller {
  /** The authenticated principal: a user ref, or a service's subject. */
  principal: string;
  /** The user the policy decides for (a service principal decides as its team's members would). */
  userRef: string;
  /** The user's ownership refs: the user and their groups. */
  groups: string[];
  /** The consuming team, for limits and cost. */
  team?: string;
  /** Server refs the caller may see in the catalog; undefined when they may see all. */
  visibleServers?: Set<string>;
}

/** Who a policy decision is about: the user, their groups and the consuming team. */
function subjectOf(caller: GatewayCaller) {
  return {
    userRef: caller.userRef,
    groups: caller.groups,
    team: caller.team,
  };
}

/** A refusal of a call, in the words the caller gets. */
export class GatewayRefusal extends Error {
  name = 'GatewayRefusal';
  constructor(
    readonly kind: GatewayRefusalKind,
    message: string,
    readonly extra: {
      rule?: string;
      decisionId?: string;
      retryAfterSeconds?: number;
      /** A JSON-RPC error rather than a tool error result: the tool does not exist here. */
      unknownTool?: boolean;
    } = {},
  ) {
    super(message);
  }
}

/** A listed tool, with the definition the client gets. */
export interface OfferedTool {
  name: string;
  definition: Tool;
}

/** Everything a scope offers a caller, and why the rest is withheld. */
export interface ToolOffer {
  tools: OfferedTool[];
  views: GatewayToolView[];
}

/** Everything the gate needs to know about one tool. */
interface GateInput {
  named: ScopedTool;
  catalogTool?: GatewayTool;
  live?: LiveTools;
  liveError?: string;
}

/**
 * The gateway's decisions: which tools a caller gets in a scope, and whether a call goes through.
 * `tools/list` and `tools/call` share one gate (names, catalog approval, live definition drift,
 * catalog visibility, the policy engine), so a listed tool can be called and an unlisted one
 * cannot.
 */
export class GatewayService {
  private readonly refreshAsked = new Map<string, number>();
  private readonly renamed = new WeakMap<Tool, Map<string, Tool>>();
  private readonly resolved = new WeakMap<
    Map<string, GatewayServer>,
    Map<string, ScopedTool>
  >();

  constructor(
    private readonly deps: {
      catalog: GatewayCatalog;
      reader: McpCatalogReader;
      upstreams: UpstreamPool;
      decider: ToolCallDecider;
      limiter: RateLimiter;
      limits: (
        caller: GatewayCaller,
        serverRef: string,
        tool: string,
      ) => LimitKey[];
      validator: ArgumentValidator;
      meter: UsageMeter;
      store: GatewayStore;
      metrics: GatewayMetrics;
      logger: LoggerService;
      profiles: GatewayProfile[];
    },
  ) {}

  /** The scope's servers, or a refusal that the endpoint does not exist. */
  private async scoped(scope: GatewayScope) {
    const servers = await this.deps.catalog.current();
    const inScope = serversInScope(scope, servers, this.deps.profiles);
    if (!inScope)
      throw new GatewayRefusal(
        'not-visible',
        scope.kind === 'server'
          ? `No MCP server ${scope.ref} in the catalog`
          : `No gateway profile "${
              scope.kind === 'profile' ? scope.name : ''
            }"`,
        { unknownTool: true },
      );
    return inScope;
  }

  /** Why a tool is withheld before the policy is asked, or undefined. */
  private gate(
    caller: GatewayCaller,
    input: GateInput,
  ): GatewayToolView['refusal'] {
    const { named, catalogTool, live, liveError } = input;
    const refuse = (kind: GatewayRefusalKind, message: string) => ({
      kind,
      message,
    });
    if (caller.visibleServers && !caller.visibleServers.has(named.server.ref))
      return refuse(
        'not-visible',
        `You cannot see ${named.server.ref} in the catalog.`,
      );
    // Out of service (the kill switch): before anything that would need the upstream.
    const off = named.server.disabled ?? catalogTool?.disabled;
    if (off)
      return refuse(
        'disabled',
        `${named.tool} on ${named.server.ref} is out of service: ${
          off.scope === 'server' ? 'the whole server was' : 'the tool was'
        } disabled by ${off.by} at ${off.at}: ${
          off.reason
        }. Its owners or the platform team enable it again in the MCP catalog.`,
      );
    if (named.nameProblem) return refuse('name', named.nameProblem);
    if (liveError)
      return refuse(
        'upstream-down',
        `${named.server.ref} is not reachable now: ${liveError}`,
      );
    if (!catalogTool)
      return refuse(
        'not-approved',
        `${named.tool} is new on ${named.server.ref} and not in the MCP catalog yet; its owners approve it once discovery has seen it.`,
      );
    if (catalogTool.approval !== 'approved')
      return refuse(
        'not-approved',
        `${named.tool}'s ${
          catalogTool.approval === 'new'
            ? 'definition is new'
            : 'definition changed'
        } and waits for a member of ${
          named.server.owner ?? 'the owning team'
        } to approve it in the MCP catalog.`,
      );
    const liveHash = live?.hashes.get(named.tool);
    if (live && liveHash === undefined)
      return refuse(
        'not-approved',
        `${named.server.ref} no longer offers ${named.tool}.`,
      );
    if (liveHash !== undefined && liveHash !== catalogTool.definitionHash) {
      this.askRefresh(named.server.ref);
      return refuse(
        'definition-drift',
        `${named.server.ref} now describes ${named.tool} differently from the definition its owners approved; the change waits for review in the MCP catalog.`,
      );
    }
    return undefined;
  }

  /** A live definition differs: the catalog rediscovers the server (at most once a minute). */
  private askRefresh(ref: string) {
    const last = this.refreshAsked.get(ref) ?? 0;
    if (Date.now() - last < 60_000) return;
    this.refreshAsked.set(ref, Date.now());
    this.deps.reader
      .refresh(ref)
      .catch(error =>
        this.deps.logger.warn(
          `MCP gateway: could not ask for a refresh of ${ref}: ${error}`,
        ),
      );
  }

  private question(server: GatewayServer, tool: GatewayTool): DecisionQuestion {
    return {
      server: server.ref,
      tool: tool.name,
      version: `${tool.definitionHash}:${tool.approval}:${
        tool.maxSeverity ?? ''
      }`,
    };
  }

  private policyRefusal(decision: GatewayDecision): GatewayToolView['refusal'] {
    if (decision.result === 'allow') return undefined;
    const fired =
      decision.rules.find(r => r.effect === 'deny') ?? decision.rules[0];
    return {
      kind: 'policy',
      message: decision.message,
      rule: fired?.rule,
      decisionId: decision.decisionId,
    };
  }

  /** Lists the scope's tools for a caller: what it may call, and why the rest is withheld. */
  async listTools(
    caller: GatewayCaller,
    scope: GatewayScope,
    signal: AbortSignal,
  ): Promise<ToolOffer> {
    const inScope = await this.scoped(scope);
    const subject = subjectOf(caller);
    // The policy's answers depend on the catalog, not on what the upstreams say: ask about every
    // catalogued tool in scope while the upstreams list theirs, so a cold list waits for the
    // slower of the two rather than for both in turn. The decisions below find these in flight.
    this.deps.decider
      .decideMany(
        subject,
        inScope.flatMap(({ server, accepts }) =>
          [...server.tools.values()]
            .filter(tool => accepts(tool.name))
            .map(tool => this.question(server, tool)),
        ),
      )
      .catch(() => {});
    const lives = await Promise.all(
      inScope.map(async ({ server }) => {
        try {
          return {
            live: await this.deps.upstreams.get(server).listTools(signal),
          };
        } catch (error) {
          return { error: (error as Error).message };
        }
      }),
    );
    const candidates: { server: GatewayServer; tool: string }[] = [];
    const liveOf = new Map<string, { live?: LiveTools; error?: string }>();
    inScope.forEach(({ server, accepts }, i) => {
      liveOf.set(server.ref, lives[i]);
      // A down upstream's tools are shown (as refused) from the catalog; otherwise the live list.
      const names = lives[i].live
        ? lives[i].live!.tools.map(t => t.name)
        : [...server.tools.keys()];
      for (const tool of names)
        if (accepts(tool)) candidates.push({ server, tool });
    });
    const named = nameTools(scope, candidates);
    const views: GatewayToolView[] = [];
    const pending: {
      view: GatewayToolView;
      named: ScopedTool;
      catalogTool: GatewayTool;
    }[] = [];
    for (const n of named) {
      const catalogTool = n.server.tools.get(n.tool);
      const { live, error } = liveOf.get(n.server.ref)!;
      const refusal = this.gate(caller, {
        named: n,
        catalogTool,
        live,
        liveError: error,
      });
      const view: GatewayToolView = {
        name: n.exposedName,
        serverRef: n.server.ref,
        tool: n.tool,
        title: catalogTool?.title,
        description: catalogTool?.description,
        callable: !refusal,
        refusal,
      };
      views.push(view);
      if (!refusal) pending.push({ view, named: n, catalogTool: catalogTool! });
    }
    const decisions = await this.deps.decider.decideMany(
      subject,
      pending.map(p => this.question(p.named.server, p.catalogTool)),
    );
    const tools: OfferedTool[] = [];
    pending.forEach((p, i) => {
      const refusal = this.policyRefusal(decisions[i]);
      if (refusal) {
        p.view.callable = false;
        p.view.refusal = refusal;
        return;
      }
      const definition = liveOf
        .get(p.named.server.ref)!
        .live!.tools.find(t => t.name === p.named.tool)!;
      tools.push({
        name: p.named.exposedName,
        definition: { ...definition, name: p.named.exposedName },
      });
    });
    return { tools, views };
  }

  /** Resolves an exposed name in a scope to its server and tool, from the catalog's names. */
  private async resolve(
    scope: GatewayScope,
    exposedName: string,
  ): Promise<ScopedTool> {
    // Resolutions hold until the catalog changes (a new servers map): calls repeat names.
    const servers = await this.deps.catalog.current();
    let cache = this.resolved.get(servers);
    if (!cache) {
      cache = new Map();
      this.resolved.set(servers, cache);
    }
    const key = `${scopeKey(scope)}\u0000${exposedName}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const named = await this.resolveUncached(scope, exposedName);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, named);
    return named;
  }

  private async resolveUncached(
    scope: GatewayScope,
    exposedName: string,
  ): Promise<ScopedTool> {
    const inScope = await this.scoped(scope);
    const candidates: { server: GatewayServer; tool: string }[] = [];
    for (const { server, accepts } of inScope) {
      // The name split needs no upstream: catalog names, then the live list confirms.
      const prefix = `${server.alias}__`;
      let tool: string | undefined = exposedName;
      if (scope.kind !== 'server')
        tool = exposedName.startsWith(prefix)
          ? exposedName.slice(prefix.length)
          : undefined;
      if (tool !== undefined && accepts(tool))
        candidates.push({ server, tool });
    }
    const named = nameTools(scope, candidates).filter(
      n => n.exposedName === exposedName,
    );
    if (!named.length)
      throw new GatewayRefusal('not-visible', `Unknown tool: ${exposedName}`, {
        unknownTool: true,
      });
    return named[0];
  }

  /**
   * The live definition of a tool a scope names, under its exposed name, ungated (the call is
   * gated when it is made); undefined when the name resolves to nothing reachable.
   */
  async definitionFor(
    scope: GatewayScope,
    exposedName: string,
    signal: AbortSignal,
  ): Promise<Tool | undefined> {
    try {
      const { server, tool } = await this.resolve(scope, exposedName);
      const live = await this.deps.upstreams.get(server).listTools(signal);
      const definition = live.tools.find(t => t.name === tool);
      if (!definition) return undefined;
      // The same renamed object while the live list holds: checks keyed by it stay cached.
      let names = this.renamed.get(definition);
      if (!names) {
        names = new Map();
        this.renamed.set(definition, names);
      }
      let named = names.get(exposedName);
      if (!named) {
        named = { ...definition, name: exposedName };
        names.set(exposedName, named);
      }
      return named;
    } catch {
      return undefined;
    }
  }

  /**
   * Calls a tool for a caller, or refuses with a {@link GatewayRefusal}. Arguments are checked
   * against the tool's input schema first; the caller's signal cancels the call upstream.
   */
  async callTool(
    caller: GatewayCaller,
    scope: GatewayScope,
    exposedName: string,
    args: Record<string, unknown> | undefined,
    options: { signal: AbortSignal; requestBytes: number },
  ): Promise<CallToolResult> {
    const started = performance.now();
    let named: ScopedTool | undefined;
    try {
      named = await this.resolve(scope, exposedName);
      const { server, tool } = named;
      const catalogTool = server.tools.get(tool);
      const upstream = this.deps.upstreams.get(server);
      let live: LiveTools | undefined;
      let liveError: string | undefined;
      try {
        live = await upstream.listTools(options.signal);
      } catch (error) {
        liveError = (error as Error).message;
      }
      if (live && !live.hashes.has(tool) && !catalogTool)
        throw new GatewayRefusal(
          'not-visible',
          `Unknown tool: ${exposedName}`,
          {
            unknownTool: true,
          },
        );
      const gated = this.gate(caller, { named, catalogTool, live, liveError });
      if (gated) throw new GatewayRefusal(gated.kind, gated.message);
      const question = this.question(server, catalogTool!);
      const decision = await this.deps.decider.decideCall(
        subjectOf(caller),
        question,
      );
      const refused = this.policyRefusal(decision);
      if (refused)
        throw new GatewayRefusal('policy', refused.message, {
          rule: refused.rule,
          decisionId: refused.decisionId,
        });
      const limited = await this.deps.limiter.take(
        withPolicyThrottle(
          this.deps.limits(caller, server.ref, tool),
          caller,
          decision.throttle,
        ),
      );
      if (limited) {
        this.deps.metrics.limitHits.inc({ scope: limited.limit.scope });
        const by = limited.limit.throttledBy;
        if (by) {
          // The policy lowered the limit: the refusal names the rule and its logged decision.
          const logged = await this.deps.decider.logged(
            subjectOf(caller),
            question,
            decision,
          );
          throw new GatewayRefusal(
            'rate-limit',
            `Rate limit of ${limited.limit.perMinute} calls per minute per ${limited.limit.scope} reached (lowered by policy rule ${by.rule}: ${by.message}); try again in ${limited.retryAfterSeconds} s.`,
            {
              retryAfterSeconds: limited.retryAfterSeconds,
              rule: by.rule,
              decisionId: logged.decisionId,
            },
          );
        }
        throw new GatewayRefusal(
          'rate-limit',
          `Rate limit of ${limited.limit.perMinute} calls per minute per ${limited.limit.scope} reached; try again in ${limited.retryAfterSeconds} s.`,
          { retryAfterSeconds: limited.retryAfterSeconds },
        );
      }
      const definition = live!.tools.find(t => t.name === tool)!;
      const problem = this.deps.validator.check(
        live!.hashes.get(tool)!,
        definition,
        args ?? {},
      );
      if (problem)
        throw new GatewayRefusal(
          'invalid-arguments',
          `Invalid arguments for ${exposedName}: ${problem}`,
        );
      let result: CallToolResult;
      try {
        result = await upstream.callTool(tool, args, {
          signal: options.signal,
          retryable: catalogTool!.retryable,
          definition,
        });
      } catch (error) {
        if (error instanceof UpstreamUnavailableError)
          throw new GatewayRefusal('upstream-down', error.message, {
            retryAfterSeconds: error.retryAfterMs
              ? Math.ceil(error.retryAfterMs / 1000)
              : undefined,
          });
        this.meter(
          caller,
          named,
          'upstream_error',
          started,
          options.requestBytes,
          0,
        );
        // The upstream's own JSON-RPC errors go back as they are; anything else (a transport
        // failure, a timeout) is described in the gateway's words, not the upstream's.
        if (error instanceof ProtocolError) throw error;
        throw new ProtocolError(
          ProtocolErrorCode.InternalError,
          `${named.server.ref} failed: ${describeUpstreamError(error)}`,
        );
      }
      const responseBytes =
        answerBytes.get(result) ?? JSON.stringify(result).length;
      result = relayedResult(result);
      this.meter(
        caller,
        named,
        result.isError ? 'tool_error' : 'ok',
        started,
        options.requestBytes,
        responseBytes,
      );
      return result;
    } catch (error) {
      if (error instanceof GatewayRefusal) {
        this.deps.metrics.calls.inc({
          server: named?.server.ref ?? 'unknown',
          outcome: 'refused',
        });
        if (named) this.recordRefusal(caller, named, error);
      }
      throw error;
    }
  }

  private meter(
    caller: GatewayCaller,
    named: ScopedTool,
    outcome: 'ok' | 'tool_error' | 'upstream_error',
    started: number,
    requestBytes: number,
    responseBytes: number,
  ) {
    const seconds = (performance.now() - started) / 1000;
    this.deps.metrics.calls.inc({ server: named.server.ref, outcome });
    this.deps.metrics.callDuration.observe(
      { server: named.server.ref },
      seconds,
    );
    this.deps.meter.record({
      caller,
      server: named.server,
      tool: named.tool,
      outcome,
      durationMs: seconds * 1000,
      requestBytes,
      responseBytes,
    });
  }

  private recordRefusal(
    caller: GatewayCaller,
    named: ScopedTool,
    refusal: GatewayRefusal,
  ) {
    this.deps.store
      .recordRefusals([
        {
          id: randomUUID(),
          at: new Date(),
          user: caller.principal,
          team: caller.team,
          serverRef: named.server.ref,
          tool: named.tool,
          kind: refusal.kind,
          message: refusal.message,
          rule: refusal.extra.rule,
          decisionId: refusal.extra.decisionId,
        },
      ])
      .catch(error =>
        this.deps.logger.warn(
          `MCP gateway: could not record a refused call: ${error}`,
        ),
      );
  }
}

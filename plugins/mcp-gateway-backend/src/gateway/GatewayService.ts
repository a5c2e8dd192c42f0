import { LoggerService } from '@backstage/backend-plugin-api';
import type { CallToolResult, Tool } from '@modelcontextprotocol/client';
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/client';
import { describeUpstreamError } from '@mcp-platform/plugin-mcp-catalog-node';
import { GatewayToolView } from '@mcp-platform/plugin-mcp-gateway-common';
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
import { ToolCallDecider } from '../policy/ToolCallDecider';
import { LiveTools, UpstreamUnavailableError } from '../upstream/Upstream';
import { UpstreamPool } from '../upstream/UpstreamPool';
import { answerBytes } from '../upstream/wireToolCall';
import { ArgumentValidator } from './ArgumentValidator';
import { CallRecorder, relayedResult } from './CallRecorder';
import { GatewayCaller, subjectOf } from './GatewayCaller';
import { GatewayRefusal } from './GatewayRefusal';
import { GatewayScope, nameTools, ScopedTool } from './GatewayScope';
import { policyRefusal, questionFor, ToolGate } from './ToolGate';
import { ToolResolver } from './ToolResolver';

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

/**
 * The gateway's decisions: which tools a caller gets in a scope, and whether a call goes through.
 * `tools/list` and `tools/call` share one gate (names, catalog approval, live definition drift,
 * catalog visibility, the policy engine), so a listed tool can be called and an unlisted one
 * cannot.
 */
export class GatewayService {
  private readonly gate: ToolGate;
  private readonly names: ToolResolver;
  private readonly recorder: CallRecorder;

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
  ) {
    this.gate = new ToolGate(deps);
    this.names = new ToolResolver(deps);
    this.recorder = new CallRecorder(deps);
  }

  /** Lists the scope's tools for a caller: what it may call, and why the rest is withheld. */
  async listTools(
    caller: GatewayCaller,
    scope: GatewayScope,
    signal: AbortSignal,
  ): Promise<ToolOffer> {
    const inScope = await this.names.scoped(scope);
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
            .map(tool => questionFor(server, tool)),
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
      const refusal = this.gate.check(caller, {
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
      pending.map(p => questionFor(p.named.server, p.catalogTool)),
    );
    const tools: OfferedTool[] = [];
    pending.forEach((p, i) => {
      const refusal = policyRefusal(decisions[i]);
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
      const { server, tool } = await this.names.resolve(scope, exposedName);
      const live = await this.deps.upstreams.get(server).listTools(signal);
      const definition = live.tools.find(t => t.name === tool);
      if (!definition) return undefined;
      return this.names.renamed(definition, exposedName);
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
      named = await this.names.resolve(scope, exposedName);
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
      const gated = this.gate.check(caller, {
        named,
        catalogTool,
        live,
        liveError,
      });
      if (gated) throw new GatewayRefusal(gated.kind, gated.message);
      const question = questionFor(server, catalogTool!);
      const decision = await this.deps.decider.decideCall(
        subjectOf(caller),
        question,
      );
      const refused = policyRefusal(decision);
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
        this.recorder.meter(
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
      this.recorder.meter(
        caller,
        named,
        result.isError ? 'tool_error' : 'ok',
        started,
        options.requestBytes,
        responseBytes,
      );
      return result;
    } catch (error) {
      if (error instanceof GatewayRefusal)
        this.recorder.refused(caller, named, error);
      throw error;
    }
  }
}

import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AccessDecision,
  DeploymentConfig,
  DeploymentDecision,
  DeploymentInput,
  FiredRule,
  PermissionFacts,
  PermissionInput,
  ToolCallDecision,
  ToolCallInput,
} from '@mcp-platform/plugin-mcp-policy-common';
import {
  collectPolicyContext,
  PolicyContextProvider,
  PolicyContextRequest,
} from '@mcp-platform/plugin-mcp-policy-node';
import { CatalogContext } from '../context/CatalogContextProvider';
import { MAX_ITERATIONS } from '../engine/analyzeExpression';
import { unknownServerFacts, unknownToolFacts } from '../engine/completeInput';
import {
  ContextFailures,
  evaluateDeployment,
  evaluatePermission,
  evaluateToolCall,
} from '../engine/evaluatePolicies';
import { PolicySetLoader } from '../engine/PolicySetLoader';
import { DecisionLog, NewDecision } from '../database/DecisionLog';

/** A tool call's facts and context, before the user is known. */
export interface ResolvedTool {
  server: ToolCallInput['server'];
  tool: ToolCallInput['tool'];
  /** The user's groups from the catalog, when a user ref was given. */
  catalogGroups?: string[];
  context: Record<string, unknown>;
  failures: ContextFailures;
}

/** Who asked, and whether the decision is enforced (logged) or a what-if. */
export interface DecisionOptions {
  principal: string;
  record: boolean;
}

const NO_POLICY_SET: FiredRule = {
  rule: 'engine/no-policy-set',
  effect: 'deny',
  message:
    'No valid policy set is loaded, so the engine denies everything; see GET /api/mcp-policy/v1/policies for the load errors.',
  error: 'no valid policy set is loaded',
};

/** Rejects provider answers that would break the engine's cost bounds. */
function oversized(value: unknown, depth = 0): string | undefined {
  if (depth > 16) return 'nests deeper than 16 levels';
  if (typeof value === 'string' && value.length > 65_536) {
    return 'has a string longer than 64 KiB';
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_ITERATIONS) {
      return `has a list of ${value.length} items (at most ${MAX_ITERATIONS})`;
    }
    for (const v of value) {
      const why = oversized(v, depth + 1);
      if (why) return why;
    }
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) {
      const why = oversized(v, depth + 1);
      if (why) return why;
    }
  }
  return undefined;
}

/**
 * Answers deployment, tool-call and permission questions: gathers context from the providers,
 * runs the active policy set, and writes enforced decisions to the log.
 */
export class PolicyDecisionService {
  constructor(
    private readonly deps: {
      loader: PolicySetLoader;
      providers: PolicyContextProvider[];
      log: DecisionLog;
      logger: LoggerService;
      toolCallDefault: 'allow' | 'deny';
      permissionDefault: 'allow' | 'deny';
      contextTimeoutMs: number;
    },
  ) {}

  get toolCallDefault() {
    return this.deps.toolCallDefault;
  }

  get permissionDefault() {
    return this.deps.permissionDefault;
  }

  private async context(
    request: PolicyContextRequest,
  ): Promise<{ context: Record<string, unknown>; failures: ContextFailures }> {
    const collected = await collectPolicyContext(this.deps.providers, request, {
      timeoutMs: this.deps.contextTimeoutMs,
    });
    const failures: ContextFailures = {};
    for (const f of collected.failures) failures[f.provider] = f.message;
    const context: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(collected.context)) {
      const why = oversized(value);
      if (why) failures[name] = `its answer ${why}`;
      // Plain JSON: no undefined members for has() to trip over, no class instances.
      else context[name] = JSON.parse(JSON.stringify(value ?? {}));
    }
    for (const [provider, message] of Object.entries(failures)) {
      this.deps.logger.warn(
        `Policy context provider ${provider} failed for a ${request.kind} decision: ${message}`,
      );
    }
    return { context, failures };
  }

  private async record(decisions: NewDecision[]): Promise<string[]> {
    try {
      return await this.deps.log.append(decisions);
    } catch (error) {
      // The decision stands; losing its log entry is reported loudly, not silently.
      this.deps.logger.error(
        `Could not write ${decisions.length} decision(s) to the decision log: ${error}`,
      );
      return [];
    }
  }

  async evaluateDeployment(
    deployment: DeploymentConfig,
    options: DecisionOptions,
  ): Promise<DeploymentDecision> {
    const { context, failures } = await this.context({
      kind: 'deployment',
      serverRef: `api:default/${deployment.name}`,
      ownerRef: deployment.owner,
    });
    const input: DeploymentInput = { deployment, context };
    const set = this.deps.loader.current().set;
    const decision: DeploymentDecision = set
      ? evaluateDeployment(set, input, failures)
      : {
          result: 'deny',
          violations: [NO_POLICY_SET],
          warnings: [],
          audits: [],
          evaluatedRules: 0,
          policySetDigest: 'none',
        };
    if (options.record) {
      const [id] = await this.record([
        {
          decidedAt: new Date(),
          kind: 'deployment',
          principal: options.principal,
          subject: `${deployment.name} (${deployment.environment}, ${deployment.change})`,
          result: decision.result,
          rules: [
            ...decision.violations,
            ...decision.warnings,
            ...decision.audits,
          ],
          policySetDigest: decision.policySetDigest,
          input: input as unknown as Record<string, unknown>,
        },
      ]);
      if (id) decision.decisionId = id;
    }
    return decision;
  }

  /**
   * Gathers what a tool-call decision needs besides the user's groups: the catalog's facts about
   * the server and tool, and the other providers' context.
   */
  async resolveTool(
    server: string,
    tool: string,
    userRef?: string,
  ): Promise<ResolvedTool> {
    const { context, failures } = await this.context({
      kind: 'tool-call',
      serverRef: server,
      toolName: tool,
      userRef,
    });
    const catalog = (context.catalog ?? {}) as CatalogContext;
    return {
      server: stripExists(catalog.server) ?? unknownServerFacts(server),
      tool: catalog.tool ?? unknownToolFacts(server, tool),
      catalogGroups: catalog.user?.groups,
      context,
      failures,
    };
  }

  /** Decides a resolved tool call for a user; synchronous, so permission rules can call it. */
  decideTool(
    resolved: ResolvedTool,
    user: { ref: string; groups: string[] },
  ): { decision: ToolCallDecision; input: ToolCallInput } {
    const set = this.deps.loader.current().set;
    const input: ToolCallInput = {
      user,
      server: resolved.server,
      tool: resolved.tool,
      context: resolved.context,
    };
    const access: AccessDecision = set
      ? evaluateToolCall(set, input, {
          defaultResult: this.deps.toolCallDefault,
          failures: resolved.failures,
        })
      : noPolicySetAccess();
    return {
      decision: {
        ...access,
        server: resolved.server.ref,
        tool: resolved.tool.name,
      },
      input,
    };
  }

  /** Writes tool-call decisions to the log; returns their ids. */
  recordToolCalls(
    decided: { decision: ToolCallDecision; input: ToolCallInput }[],
    principal: string,
  ): Promise<string[]> {
    const now = new Date();
    return this.record(
      decided.map(({ decision, input }) => ({
        decidedAt: now,
        kind: 'tool-call',
        principal,
        subject: `${decision.server}#${decision.tool}`,
        user: input.user.ref,
        result: decision.result,
        reason: decision.reason,
        rules: decision.rules,
        policySetDigest: decision.policySetDigest,
        input: input as unknown as Record<string, unknown>,
      })),
    );
  }

  /** May `user` call each tool? `trustedGroups` are only passed for service callers. */
  async evaluateToolCalls(
    user: { ref: string; trustedGroups?: string[] },
    tools: { server: string; tool: string }[],
    options: DecisionOptions,
  ): Promise<ToolCallDecision[]> {
    const results: { decision: ToolCallDecision; input: ToolCallInput }[] = [];
    const CONCURRENCY = 16;
    for (let i = 0; i < tools.length; i += CONCURRENCY) {
      const batch = await Promise.all(
        tools.slice(i, i + CONCURRENCY).map(async ({ server, tool }) => {
          const resolved = await this.resolveTool(
            server,
            tool,
            user.trustedGroups ? undefined : user.ref,
          );
          return this.decideTool(resolved, {
            ref: user.ref,
            groups: user.trustedGroups ?? resolved.catalogGroups ?? [user.ref],
          });
        }),
      );
      results.push(...batch);
    }
    if (options.record) {
      const ids = await this.recordToolCalls(results, options.principal);
      ids.forEach((id, i) => {
        results[i].decision.decisionId = id;
      });
    }
    return results.map(r => r.decision);
  }

  async evaluatePermission(
    user: { ref: string; trustedGroups?: string[] },
    permission: PermissionFacts,
    options: DecisionOptions,
  ): Promise<AccessDecision> {
    const { context, failures } = await this.context({
      kind: 'permission',
      userRef: user.ref,
    });
    const catalog = (context.catalog ?? {}) as CatalogContext;
    const input: PermissionInput = {
      user: {
        ref: user.ref,
        groups: user.trustedGroups ?? catalog.user?.groups ?? [user.ref],
      },
      permission,
      context,
    };
    const set = this.deps.loader.current().set;
    const decision = set
      ? evaluatePermission(set, input, {
          defaultResult: this.deps.permissionDefault,
          failures,
        })
      : noPolicySetAccess();
    if (options.record) {
      await this.record([
        {
          decidedAt: new Date(),
          kind: 'permission',
          principal: options.principal,
          subject: permission.resourceRef
            ? `${permission.name} on ${permission.resourceRef}`
            : permission.name,
          user: user.ref,
          result: decision.result,
          reason: decision.reason,
          rules: decision.rules,
          policySetDigest: decision.policySetDigest,
          input: input as unknown as Record<string, unknown>,
        },
      ]);
    }
    return decision;
  }
}

function stripExists(
  server: CatalogContext['server'],
): ToolCallInput['server'] | undefined {
  if (!server) return undefined;
  const { exists: _exists, ...facts } = server;
  return facts;
}

function noPolicySetAccess(): AccessDecision {
  return {
    result: 'deny',
    reason: 'error',
    message: NO_POLICY_SET.message,
    rules: [NO_POLICY_SET],
    evaluatedRules: 0,
    policySetDigest: 'none',
  };
}

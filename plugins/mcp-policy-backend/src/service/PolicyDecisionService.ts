// Over 400 lines on purpose: deployment, tool-call and permission decisions share one path
// (context, the active set, the no-policy-set denial, the log); split by kind, each would repeat it.
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
  ToolCallThrottle,
} from '@mcp-platform/plugin-mcp-policy-common';
import {
  PolicyContextProvider,
  PolicyContextRequest,
} from '@mcp-platform/plugin-mcp-policy-node';
import { CatalogContext } from '../context/CatalogContextProvider';
import { unknownServerFacts, unknownToolFacts } from '../engine/completeInput';
import { parseToolResourceRef } from '@mcp-platform/plugin-mcp-policy-common';
import {
  ContextFailures,
  evaluateDeployment,
  evaluatePermission,
  evaluateToolCall,
} from '../engine/evaluatePolicies';
import { PolicySetLoader } from '../engine/PolicySetLoader';
import { DecisionLog, NewDecision } from '../database/DecisionLog';
import {
  gatherPolicyContext,
  preparePolicyContextFor,
} from './gatherPolicyContext';

/**
 * The facts and context of what a tool call or a permission is about, before the user is known:
 * a tool (`api:default/x#tool`), a server (`api:default/x`; the tool is then the facts of
 * nothing) or nothing at all.
 */
export interface ResolvedResource {
  /** The resource ref asked about; empty when the question is about no resource. */
  resourceRef: string;
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

/** Servers whose tools are decided at once in a batch of tool-call decisions. */
const SERVER_CONCURRENCY = 32;

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

  private context(request: PolicyContextRequest) {
    return gatherPolicyContext(request, {
      providers: this.deps.providers,
      timeoutMs: this.deps.contextTimeoutMs,
      logger: this.deps.logger,
    });
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
  resolveTool(
    server: string,
    tool: string,
    userRef?: string,
    teamRef?: string,
  ): Promise<ResolvedResource> {
    return this.resolve(
      'tool-call',
      `${server}#${tool}`,
      server,
      tool,
      userRef,
      teamRef,
    );
  }

  /**
   * Gathers what a permission decision needs besides the user's groups: the facts of its
   * resource — a tool (`api:default/x#tool`), a server (`api:default/x`) or none (any other ref,
   * or empty) — and the providers' context.
   */
  resolvePermissionResource(
    resourceRef: string,
    userRef?: string,
  ): Promise<ResolvedResource> {
    if (/^api:[^/#]+\/[^/#]+$/.test(resourceRef)) {
      return this.resolve(
        'permission',
        resourceRef,
        resourceRef,
        undefined,
        userRef,
      );
    }
    let tool: { serverRef: string; toolName: string } | undefined;
    try {
      tool = parseToolResourceRef(resourceRef);
    } catch {
      tool = undefined;
    }
    return this.resolve(
      'permission',
      resourceRef,
      tool?.serverRef,
      tool?.toolName,
      userRef,
    );
  }

  private async resolve(
    kind: 'tool-call' | 'permission',
    resourceRef: string,
    serverRef: string | undefined,
    toolName: string | undefined,
    userRef: string | undefined,
    teamRef?: string,
  ): Promise<ResolvedResource> {
    const { context, failures } = await this.context({
      kind,
      serverRef,
      toolName,
      userRef,
      teamRef,
    });
    const catalog = (context.catalog ?? {}) as CatalogContext;
    return {
      resourceRef,
      server:
        stripExists(catalog.server) ?? unknownServerFacts(serverRef ?? ''),
      tool: catalog.tool ?? unknownToolFacts(serverRef ?? '', toolName ?? ''),
      catalogGroups: catalog.user?.groups,
      context,
      failures,
    };
  }

  /** Decides a resolved tool call for a user; synchronous, so permission rules can call it. */
  decideTool(
    resolved: ResolvedResource,
    user: { ref: string; groups: string[]; team?: string },
  ): { decision: ToolCallDecision; input: ToolCallInput } {
    const set = this.deps.loader.current().set;
    const input: ToolCallInput = {
      user: { ref: user.ref, groups: user.groups, team: user.team ?? '' },
      server: resolved.server,
      tool: resolved.tool,
      context: resolved.context,
    };
    const access: AccessDecision & { throttle?: ToolCallThrottle } = set
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

  /**
   * May `user` call each tool? `trustedGroups` are only passed for service callers; `team` is the
   * consuming team the calls are made for, when the asker knows it (the gateway does).
   */
  async evaluateToolCalls(
    user: { ref: string; trustedGroups?: string[]; team?: string },
    tools: { server: string; tool: string }[],
    options: DecisionOptions,
  ): Promise<ToolCallDecision[]> {
    const results: { decision: ToolCallDecision; input: ToolCallInput }[] =
      new Array(tools.length);
    // The tools of one server share their catalog facts (one read of the server), so servers are
    // taken up to SERVER_CONCURRENCY at a time, each with all its tools at once: a tools/list
    // over many servers waits for about one catalog read, not one per batch of tools.
    const byServer = new Map<string, number[]>();
    tools.forEach(({ server }, index) => {
      const indexes = byServer.get(server);
      if (indexes) indexes.push(index);
      else byServer.set(server, [index]);
    });
    const queue = [...byServer.values()];
    const userRef = user.trustedGroups ? undefined : user.ref;
    // One read per provider for the whole batch where it can (the catalog: the tools of every
    // server asked about at once), instead of one per server.
    await preparePolicyContextFor(
      tools.map(({ server, tool }) => ({
        kind: 'tool-call',
        serverRef: server,
        toolName: tool,
        userRef,
        teamRef: user.team,
      })),
      {
        providers: this.deps.providers,
        timeoutMs: this.deps.contextTimeoutMs,
        logger: this.deps.logger,
      },
    );
    const worker = async () => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        await Promise.all(
          group.map(async index => {
            const { server, tool } = tools[index];
            const resolved = await this.resolveTool(
              server,
              tool,
              userRef,
              user.team,
            );
            results[index] = this.decideTool(resolved, {
              ref: user.ref,
              groups: user.trustedGroups ??
                resolved.catalogGroups ?? [user.ref],
              team: user.team,
            });
          }),
        );
      }
    };
    await Promise.all(
      Array.from(
        { length: Math.min(SERVER_CONCURRENCY, queue.length) },
        worker,
      ),
    );
    if (options.record) {
      const ids = await this.recordToolCalls(results, options.principal);
      ids.forEach((id, i) => {
        results[i].decision.decisionId = id;
      });
    }
    return results.map(r => r.decision);
  }

  /**
   * Decides one of the suite's permissions on a resolved resource for a user; synchronous, so
   * permission rules can call it.
   */
  decidePermission(
    resolved: ResolvedResource,
    user: { ref: string; groups: string[] },
    permission: { name: string; action: string },
  ): { decision: AccessDecision; input: PermissionInput } {
    const input: PermissionInput = {
      user,
      permission: { ...permission, resourceRef: resolved.resourceRef },
      server: resolved.server,
      tool: resolved.tool,
      context: resolved.context,
    };
    const set = this.deps.loader.current().set;
    const decision = set
      ? evaluatePermission(set, input, {
          defaultResult: this.deps.permissionDefault,
          failures: resolved.failures,
        })
      : noPolicySetAccess();
    return { decision, input };
  }

  /** Writes a permission decision to the log. */
  async recordPermission(
    decided: { decision: AccessDecision; input: PermissionInput },
    principal: string,
  ): Promise<void> {
    const { decision, input } = decided;
    await this.record([
      {
        decidedAt: new Date(),
        kind: 'permission',
        principal,
        subject: input.permission.resourceRef
          ? `${input.permission.name} on ${input.permission.resourceRef}`
          : input.permission.name,
        user: input.user.ref,
        result: decision.result,
        reason: decision.reason,
        rules: decision.rules,
        policySetDigest: decision.policySetDigest,
        input: input as unknown as Record<string, unknown>,
      },
    ]);
  }

  async evaluatePermission(
    user: { ref: string; trustedGroups?: string[] },
    permission: PermissionFacts,
    options: DecisionOptions,
  ): Promise<AccessDecision> {
    const resolved = await this.resolvePermissionResource(
      permission.resourceRef,
      user.ref,
    );
    const decided = this.decidePermission(
      resolved,
      {
        ref: user.ref,
        groups: user.trustedGroups ?? resolved.catalogGroups ?? [user.ref],
      },
      { name: permission.name, action: permission.action },
    );
    if (options.record) await this.recordPermission(decided, options.principal);
    return decided.decision;
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

import { LoggerService } from '@backstage/backend-plugin-api';
import {
  GatewayRefusalKind,
  GatewayToolView,
} from '@mcp-platform/plugin-mcp-gateway-common';
import {
  GatewayServer,
  GatewayTool,
  McpCatalogReader,
} from '../catalog/GatewayCatalog';
import { DecisionQuestion, GatewayDecision } from '../policy/ToolCallDecider';
import { LiveTools } from '../upstream/Upstream';
import { GatewayCaller } from './GatewayCaller';
import { ScopedTool } from './GatewayScope';

/** Everything the gate needs to know about one tool. */
export interface GateInput {
  named: ScopedTool;
  catalogTool?: GatewayTool;
  live?: LiveTools;
  liveError?: string;
}

/** What the policy engine is asked about a catalogued tool; the version keys its cached answers. */
export function questionFor(
  server: GatewayServer,
  tool: GatewayTool,
): DecisionQuestion {
  return {
    server: server.ref,
    tool: tool.name,
    version: `${tool.definitionHash}:${tool.approval}:${
      tool.maxSeverity ?? ''
    }`,
  };
}

/** A policy decision as a refusal, or undefined when it allows the call. */
export function policyRefusal(
  decision: GatewayDecision,
): GatewayToolView['refusal'] {
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

/**
 * The checks before the policy is asked, shared by `tools/list` and `tools/call`: catalog
 * visibility, the kill switch, names, upstream reachability, catalog approval and live
 * definition drift (which asks the catalog to rediscover the server).
 */
export class ToolGate {
  private readonly refreshAsked = new Map<string, number>();

  constructor(
    private readonly deps: { reader: McpCatalogReader; logger: LoggerService },
  ) {}

  /** Why a tool is withheld before the policy is asked, or undefined. */
  check(caller: GatewayCaller, input: GateInput): GatewayToolView['refusal'] {
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
}

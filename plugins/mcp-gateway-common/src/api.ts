/**
 * Why the gateway does not offer a tool to a caller.
 *
 * @public
 */
export type GatewayRefusalKind =
  | 'policy'
  | 'not-approved'
  | 'definition-drift'
  | 'findings'
  | 'name'
  | 'upstream-down'
  | 'disabled'
  | 'rate-limit'
  | 'invalid-arguments'
  | 'not-visible';

/**
 * A tool as a caller of the gateway sees it: callable, or why not.
 *
 * @public
 */
export interface GatewayToolView {
  /** The name in the aggregated endpoint, `<alias>__<tool>`. */
  name: string;
  serverRef: string;
  /** The tool's own name, as the single-server endpoint offers it. */
  tool: string;
  title?: string;
  description?: string;
  callable: boolean;
  refusal?: {
    kind: GatewayRefusalKind;
    /** One sentence the caller can act on. */
    message: string;
    /** The policy rule that decided, `<policy>/<rule>`, for policy refusals. */
    rule?: string;
    /** The decision log entry that explains a policy refusal. */
    decisionId?: string;
  };
}

/**
 * Circuit-breaker state of an upstream MCP server.
 *
 * @public
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * Health of an upstream as the gateway sees it.
 *
 * @public
 */
export interface GatewayUpstreamStatus {
  serverRef: string;
  alias: string;
  breaker: BreakerState;
  /** Calls in flight now, and the cap. */
  inFlight: number;
  maxConcurrency: number;
  /** Calls and failures in the breaker's window. */
  recentCalls: number;
  recentFailures: number;
  /** Last failure, in the platform's words. */
  lastError?: string;
  lastErrorAt?: string;
  /** When an open breaker lets a probe call through. */
  retryAt?: string;
  /** The MCP revision the gateway speaks to it. */
  protocolVersion?: string;
}

/**
 * A call the gateway refused, for the caller's own view (or all, with the admin permission).
 *
 * @public
 */
export interface GatewayRefusedCall {
  id: string;
  at: string;
  user: string;
  serverRef: string;
  tool: string;
  kind: GatewayRefusalKind;
  message: string;
  rule?: string;
  decisionId?: string;
}

/**
 * The gateway's endpoints, as the client-config snippets point at them.
 *
 * @public
 */
export interface GatewayEndpoints {
  /** Every tool the caller may use, across servers. */
  aggregate: string;
  /** One URL per profile. */
  profiles: { name: string; description?: string; url: string }[];
  /** The single-server endpoint pattern, e.g. `.../v1/servers/{namespace}/{name}/mcp`. */
  serverPattern: string;
}

/**
 * A client-config snippet for one MCP client.
 *
 * @public
 */
export interface GatewayClientConfig {
  client: 'claude-desktop' | 'cursor' | 'vscode' | 'claude-code';
  /** Where the snippet goes, e.g. the file name. */
  fileHint: string;
  /** JSON to paste, or a shell command for command-line clients. */
  config?: Record<string, unknown>;
  command?: string;
}

import { McpRemote } from './mcpServerSpec';

/**
 * Severities from least to most serious.
 *
 * @public
 */
export const FINDING_SEVERITIES = [
  'low',
  'medium',
  'high',
  'critical',
] as const;

/**
 * How serious a risk finding is.
 *
 * @public
 */
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/**
 * A risk found in a tool or prompt definition.
 *
 * @public
 */
export interface McpFinding {
  itemKind: 'tool' | 'prompt';
  itemName: string;
  ruleId: string;
  severity: FindingSeverity;
  message: string;
  /** Where in the definition, e.g. `description` or `inputSchema.properties.note.description`. */
  field: string;
  evidence: { start: number; end: number; text: string };
}

/**
 * Discovery status of a server: `pending` before discovery first tried it;
 * `awaiting-deployment` while it has never answered (just created from the template, not
 * deployed yet: not an error, and no compute cost accrues in MCP insights); `ok` when the last
 * discovery succeeded; `error` when a server that answered before fails now.
 *
 * @public
 */
export type DiscoveryStatus =
  | 'pending'
  | 'awaiting-deployment'
  | 'ok'
  | 'error';

/**
 * Every {@link DiscoveryStatus}, e.g. for validating a status filter.
 *
 * @public
 */
export const DISCOVERY_STATUSES: readonly DiscoveryStatus[] = [
  'pending',
  'awaiting-deployment',
  'ok',
  'error',
];

/**
 * Who took a server or a tool out of service with the kill switch, when and why. The private
 * registry leaves it out and the gateway refuses its calls until someone enables it again.
 *
 * @public
 */
export interface McpDisablement {
  /** `server` when the whole server is out of service, `tool` when this tool alone is. */
  scope: 'server' | 'tool';
  /** User entity ref (or a service's subject) of who disabled it. */
  by: string;
  /** ISO 8601 instant. */
  at: string;
  reason: string;
}

/**
 * One use of the kill switch, as kept in the server's audit trail.
 *
 * @public
 */
export interface McpKillSwitchEvent {
  action: 'disable' | 'enable';
  /** The tool switched, or undefined for the whole server. */
  tool?: string;
  by: string;
  at: string;
  reason: string;
}

/**
 * Body of the kill switch routes (`.../disable`, `.../enable`).
 *
 * @public
 */
export interface McpKillSwitchRequest {
  /** Why, for the audit trail and everyone who finds the server or tool off (3-1000 characters). */
  reason: string;
}

/**
 * Reasons given to the kill switch are at least this long...
 *
 * @public
 */
export const KILL_SWITCH_REASON_MIN_LENGTH = 3;
/**
 * ...and at most this long.
 *
 * @public
 */
export const KILL_SWITCH_REASON_MAX_LENGTH = 1000;

/**
 * A server in lists.
 *
 * @public
 */
export interface McpServerSummary {
  entityRef: string;
  name: string;
  title?: string;
  description?: string;
  owner?: string;
  lifecycle?: string;
  dataClassification?: string;
  remotes: McpRemote[];
  status: DiscoveryStatus;
  lastAttemptAt?: string;
  /**
   * When the server first answered discovery (ISO 8601); absent while it never has (status
   * `pending` or `awaiting-deployment`). MCP insights accrues compute cost from then on.
   */
  firstSuccessAt?: string;
  lastSuccessAt?: string;
  lastError?: string;
  latencyMs?: number;
  nextAttemptAt?: string;
  consecutiveFailures: number;
  /** The transport the last discovery used: `streamable-http` or `sse`. */
  transport?: string;
  /** The revision the last discovery used, e.g. `2026-07-28` or `2025-11-25`. */
  protocolVersion?: string;
  /** `modern` (2026-07-28, stateless, `server/discover`) or `legacy` (2025 handshake). */
  protocolEra?: 'modern' | 'legacy';
  /** Every MCP revision the server was seen to speak, newest first. */
  protocolRevisions?: string[];
  serverInfo?: { name: string; version: string; title?: string };
  toolCount: number;
  /** Most serious finding among the server's current tools and prompts. */
  maxSeverity?: FindingSeverity;
  /** Last change of the stored data (catalog snapshot or discovered definitions). */
  updatedAt: string;
  /** Set while the whole server is out of service (the kill switch). */
  disabled?: McpDisablement;
}

/**
 * Approval state of a tool's current definition.
 *
 * @public
 */
export type ToolApproval = 'approved' | 'new' | 'changed';

/**
 * A tool in lists and search results.
 *
 * @public
 */
export interface McpToolSummary {
  serverRef: string;
  serverName: string;
  owner?: string;
  name: string;
  title?: string;
  description?: string;
  readOnly: boolean;
  destructive: boolean;
  annotations?: Record<string, unknown>;
  approval: ToolApproval;
  state: 'active' | 'removed';
  version: number;
  definitionHash: string;
  maxSeverity?: FindingSeverity;
  lastSeenAt: string;
  /**
   * Set while the tool is out of service: its own kill switch, else its server's (`scope` says
   * which).
   */
  disabled?: McpDisablement;
}

/**
 * One definition a tool has had.
 *
 * @public
 */
export interface McpToolVersion {
  version: number;
  definitionHash: string;
  definition: Record<string, unknown>;
  seenAt: string;
  approvedBy?: string;
  approvedAt?: string;
}

/**
 * A tool with its schemas, history and findings.
 *
 * @public
 */
export interface McpToolDetail extends McpToolSummary {
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  firstSeenAt: string;
  removedAt?: string;
  versions: McpToolVersion[];
  /** Unified diff from the last approved definition to the current one, when they differ. */
  diffFromApproved?: string;
  findings: McpFinding[];
  /** Uses of the kill switch on this tool, newest first. */
  killSwitchHistory: McpKillSwitchEvent[];
}

/**
 * A prompt of a server.
 *
 * @public
 */
export interface McpPromptInfo {
  name: string;
  title?: string;
  description?: string;
  arguments?: { name: string; description?: string; required?: boolean }[];
}

/**
 * A resource or resource template of a server.
 *
 * @public
 */
export interface McpResourceInfo {
  kind: 'resource' | 'template';
  uri: string;
  name?: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

/**
 * One discovery attempt of a server.
 *
 * @public
 */
export interface McpDiscoveryAttempt {
  attemptedAt: string;
  ok: boolean;
  error?: string;
  latencyMs?: number;
  toolCount?: number;
  transport?: string;
}

/**
 * A server with everything discovered on it.
 *
 * @public
 */
export interface McpServerDetail extends McpServerSummary {
  /** The last discovery attempts, newest first. */
  discoveryHistory: McpDiscoveryAttempt[];
  capabilities?: Record<string, unknown>;
  instructions?: string;
  tools: McpToolSummary[];
  prompts: McpPromptInfo[];
  resources: McpResourceInfo[];
  findings: McpFinding[];
  /** Uses of the kill switch on the server and its tools, newest first. */
  killSwitchHistory: McpKillSwitchEvent[];
}

/**
 * A page of results.
 *
 * @public
 */
export interface McpPage<T> {
  items: T[];
  /** Exact number of matches, or the cap when `totalCountCapped` is set. */
  totalCount: number;
  /** Set when there are more matches than `totalCount` (tool search counts up to 1000). */
  totalCountCapped?: boolean;
  offset: number;
  limit: number;
}

/**
 * MCP clients the catalog produces config snippets for.
 *
 * @public
 */
export const MCP_CLIENTS = ['claude-desktop', 'cursor', 'vscode'] as const;

/**
 * One of {@link MCP_CLIENTS}.
 *
 * @public
 */
export type McpClientKind = (typeof MCP_CLIENTS)[number];

/**
 * The snippet that adds a server to an MCP client's config.
 *
 * @public
 */
export interface ClientConfigSnippet {
  client: McpClientKind;
  /** Which file of the client to put it in. */
  fileHint: string;
  config: Record<string, unknown>;
}

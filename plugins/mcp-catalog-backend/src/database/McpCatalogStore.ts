import {
  FindingSeverity,
  McpDisablement,
  McpPage,
  McpRemote,
  McpServerDetail,
  McpServerSummary,
  McpToolDetail,
  McpToolSummary,
} from '@mcp-platform/plugin-mcp-catalog-common';
import type { EraVerdict } from '@mcp-platform/plugin-mcp-catalog-node';
import type { DiscoveredServer } from '../model/DiscoveredServer';
import type { RiskFinding } from '../scan/RiskScanner';
import type { HashedDefinition } from '@mcp-platform/plugin-mcp-catalog-node';

/** The catalog entity data the MCP catalog keeps a copy of. */
export interface ServerSnapshot {
  entityRef: string;
  name: string;
  title?: string;
  description?: string;
  ownerRef?: string;
  lifecycle?: string;
  dataClassification?: string;
  remotes: McpRemote[];
}

/** A server due for discovery, with what earlier discoveries learnt of its protocol revisions. */
export interface DueServer extends ServerSnapshot {
  /** The era verdict of the last successful discovery. */
  verdict?: EraVerdict;
  /** When the revisions were last probed afresh. */
  revisionsCheckedAt?: Date;
}

/** Findings of one discovery, per item. */
export interface ItemFindings {
  itemKind: 'tool' | 'prompt';
  itemName: string;
  findings: RiskFinding[];
}

/** One successful discovery of a server, to record. */
export interface DiscoveryRecord {
  entityRef: string;
  result: DiscoveredServer;
  /**
   * The definitions of `result.tools`, one per tool in the same order, if already hashed (as
   * discovery does when the tools arrive); the store hashes them otherwise.
   */
  definitions?: HashedDefinition[];
  findings: ItemFindings[];
  now: Date;
  nextAttemptAt: Date;
  /** Treat the first successful discovery of a server as its approved baseline. */
  baselineOnFirstDiscovery: boolean;
}

/** Tools a discovery found new, changed (and not approved) or gone, by name. */
export interface ToolChanges {
  newTools: string[];
  changedTools: string[];
  removedTools: string[];
}

/** Filters of the server list. */
export interface ServerQuery {
  owner?: string[];
  lifecycle?: string[];
  status?: string[];
  minSeverity?: FindingSeverity;
  /**
   * Only servers none of whose active tools awaits approval (new or changed), decided in the
   * query: the private registry's gate, which must neither load every tool nor give up past
   * some count.
   */
  allToolsApproved?: boolean;
  /** Leave out servers taken out of service with the kill switch. */
  enabledOnly?: boolean;
  /**
   * Only these servers (lower-cased entity refs): those the caller may see. Undefined: every
   * server.
   */
  visibleServers?: string[];
  limit: number;
  offset: number;
}

/** A use of the kill switch, to record. */
export interface KillSwitchChange {
  serverRef: string;
  /** The tool to switch; undefined for the whole server. */
  toolName?: string;
  action: 'disable' | 'enable';
  /** User entity ref, or a service's subject. */
  actor: string;
  reason: string;
  now: Date;
}

/** What became of a {@link KillSwitchChange}. */
export type KillSwitchOutcome =
  | { outcome: 'switched' }
  | { outcome: 'not-found' }
  /** Already disabled (with who, when and why), or already enabled: nothing changed. */
  | { outcome: 'unchanged'; current?: McpDisablement };

/** Filters of the tool search. */
export interface ToolQuery {
  /** Words that must all appear in the name, title, description or parameter names. */
  q?: string;
  owner?: string[];
  server?: string[];
  readOnly?: boolean;
  destructive?: boolean;
  minSeverity?: FindingSeverity;
  /** Only tools whose current definition is not approved (new or changed). */
  changed?: boolean;
  includeRemoved?: boolean;
  /**
   * Only tools of these servers (lower-cased entity refs): those the caller may see. Undefined:
   * every server.
   */
  visibleServers?: string[];
  limit: number;
  offset: number;
}

/** Storage of the MCP catalog. */
export interface McpCatalogStore {
  /** Makes the stored servers match the catalog: upserts these, deletes servers not listed. */
  syncServers(
    snapshots: ServerSnapshot[],
  ): Promise<{ added: number; removed: number }>;
  /** Servers whose next discovery is due. */
  dueServers(now: Date): Promise<DueServer[]>;
  recordDiscovery(record: DiscoveryRecord): Promise<ToolChanges>;
  /**
   * Records discoveries of several servers (at most one each) in one transaction, with a few
   * statements per table rather than per server; returns the changes in the same order.
   */
  recordDiscoveries(records: DiscoveryRecord[]): Promise<ToolChanges[]>;
  recordFailure(options: {
    entityRef: string;
    error: string;
    now: Date;
    nextAttemptAt: (consecutiveFailures: number) => Date;
  }): Promise<void>;
  /**
   * Replaces the findings of a server's latest discovery (when findings that depend on other
   * servers were computed again), keeping the severities of its tools and itself in step.
   */
  replaceFindings(entityRef: string, items: ItemFindings[]): Promise<void>;
  /** Tool names of every active tool, per server, for the shadowing check. */
  activeToolNames(): Promise<Map<string, string[]>>;
  listServers(query: ServerQuery): Promise<McpPage<McpServerSummary>>;
  getServer(entityRef: string): Promise<McpServerDetail | undefined>;
  searchTools(query: ToolQuery): Promise<McpPage<McpToolSummary>>;
  getTool(
    serverRef: string,
    toolName: string,
  ): Promise<McpToolDetail | undefined>;
  /** Approves the given definition; false when the tool's current hash is another. */
  approveTool(options: {
    serverRef: string;
    toolName: string;
    definitionHash: string;
    approvedBy: string;
    now: Date;
  }): Promise<'approved' | 'stale' | 'not-found'>;
  /**
   * Disables or enables a server or one of its tools (the kill switch) and appends the change to
   * the audit trail. The server (and tool) must be known; a switch outlives them, so a server
   * registered again stays disabled.
   */
  setKillSwitch(change: KillSwitchChange): Promise<KillSwitchOutcome>;
}

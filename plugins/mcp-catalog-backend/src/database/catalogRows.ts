import {
  FINDING_SEVERITIES,
  FindingSeverity,
  McpDisablement,
  McpFinding,
  McpKillSwitchEvent,
  McpPage,
  McpServerSummary,
  McpToolSummary,
} from '@mcp-platform/plugin-mcp-catalog-common';
import { Knex } from 'knex';
import { chunked, IN_LIST_SIZE } from './bulkWrites';

// Rows of the catalog's tables as the API shows them, and the reads every view of them shares.

/** The severity a stored rank (0: none) stands for. */
export const severityOfRank = (rank: number): FindingSeverity | undefined =>
  rank > 0 ? FINDING_SEVERITIES[rank - 1] : undefined;

/** A stored timestamp (a Date on PostgreSQL, text or a number on SQLite) as ISO 8601. */
export const toIso = (value: unknown): string | undefined =>
  value === null || value === undefined
    ? undefined
    : new Date(value as string | number | Date).toISOString();
/** A JSON text column; undefined when empty. */
export const parseJson = <T>(value: unknown): T | undefined =>
  typeof value === 'string' && value.length > 0
    ? (JSON.parse(value) as T)
    : undefined;
/** NULL as the API's absent field. */
export const orUndefined = <T>(value: T | null): T | undefined =>
  value === null ? undefined : value;

/** The kill switch's tool name for the whole server. */
export const SERVER_SWITCH = '';

/** Uses of the kill switch a server or tool shows. */
const KILL_SWITCH_EVENTS_SHOWN = 50;

/** Kill switch rows by `<server ref>\0<tool name>`; see {@link switchesOf}. */
export type KillSwitches = Map<string, Record<string, any>>;

const switchKey = (serverRef: string, toolName: string) =>
  `${serverRef}\u0000${toolName}`;

/** A kill switch row as the API shows it on a server or tool. */
export function disablementOf(row: any): McpDisablement {
  return {
    scope: row.tool_name === SERVER_SWITCH ? 'server' : 'tool',
    by: row.disabled_by,
    at: toIso(row.disabled_at)!,
    reason: row.reason,
  };
}

/** A stored definition, indented for the diff against the approved one. */
export function pretty(definitionJson: string): string {
  return `${JSON.stringify(JSON.parse(definitionJson), null, 2)}\n`;
}

/** The page of a query that can match nothing. */
export const emptyPage = <T>(query: {
  limit: number;
  offset: number;
}): McpPage<T> => ({
  items: [],
  totalCount: 0,
  offset: query.offset,
  limit: query.limit,
});

/**
 * Keeps the rows whose `column` is one of `refs`, bound as one parameter however many refs
 * there are (an array on PostgreSQL, a JSON array on SQLite). A check on each row, never an
 * index lookup: hundreds of servers' index entries cost more than they save, and the plan stays
 * the one without the term. SQLite's unary + and PostgreSQL's collation other than the index's
 * keep the planners off the index; PostgreSQL still estimates the share of rows from its
 * statistics, which the choice between sorting and walking the listing order needs.
 */
export function whereOneOf(
  pg: boolean,
  q: Knex.QueryBuilder,
  column: string,
  refs: string[],
) {
  if (pg) q.whereRaw('?? collate "C" = any(?)', [column, refs]);
  else
    q.whereRaw('+?? in (select value from json_each(?))', [
      column,
      JSON.stringify(refs),
    ]);
}

/** The kill switches of these servers: `<server ref>\0<tool name>` ('' for the server). */
export async function switchesOf(
  db: Knex,
  serverRefs: string[],
): Promise<KillSwitches> {
  const switches: KillSwitches = new Map();
  for (const chunk of chunked(serverRefs, IN_LIST_SIZE)) {
    const rows = await db('mcp_catalog_kill_switches').whereIn(
      'server_ref',
      chunk,
    );
    for (const row of rows)
      switches.set(switchKey(row.server_ref, row.tool_name), row);
  }
  return switches;
}

/** The audit trail of a server (and its tools), or of one tool and its server, newest first. */
export async function killSwitchEvents(
  db: Knex,
  serverRef: string,
  toolName?: string,
): Promise<McpKillSwitchEvent[]> {
  const rows = await db('mcp_catalog_kill_switch_events')
    .where('server_ref', serverRef)
    .where(q => {
      if (toolName !== undefined)
        q.whereIn('tool_name', [SERVER_SWITCH, toolName]);
    })
    .orderBy('id', 'desc')
    .limit(KILL_SWITCH_EVENTS_SHOWN);
  return rows.map(r => ({
    action: r.action,
    tool: r.tool_name === SERVER_SWITCH ? undefined : r.tool_name,
    by: r.actor,
    at: toIso(r.at)!,
    reason: r.reason,
  }));
}

/** A server row, with its kill switch, as the list shows it. */
export function serverSummary(
  r: any,
  switches: KillSwitches,
): McpServerSummary {
  const off = switches.get(switchKey(r.entity_ref, SERVER_SWITCH));
  return {
    entityRef: r.entity_ref,
    name: r.name,
    title: orUndefined(r.title),
    description: orUndefined(r.description),
    owner: orUndefined(r.owner_ref),
    lifecycle: orUndefined(r.lifecycle),
    dataClassification: orUndefined(r.data_classification),
    remotes: JSON.parse(r.remotes),
    status: r.status,
    lastAttemptAt: toIso(r.last_attempt_at),
    firstSuccessAt: toIso(r.first_success_at),
    lastSuccessAt: toIso(r.last_success_at),
    lastError: orUndefined(r.last_error),
    latencyMs: orUndefined(r.latency_ms),
    nextAttemptAt: toIso(r.next_attempt_at),
    consecutiveFailures: r.consecutive_failures,
    transport: orUndefined(r.transport),
    protocolVersion: orUndefined(r.protocol_version),
    protocolEra: orUndefined(r.protocol_era),
    protocolRevisions: parseJson(r.protocol_revisions),
    serverInfo: parseJson(r.server_info),
    toolCount: r.tool_count,
    maxSeverity: severityOfRank(r.max_severity),
    updatedAt: toIso(r.updated_at)!,
    ...(off ? { disabled: disablementOf(off) } : {}),
  };
}

/** A tool row, with its or its server's kill switch, as lists show it. */
export function toolSummary(
  r: any,
  serverName: string,
  switches: KillSwitches,
): McpToolSummary {
  // The tool's own switch names the more specific reason; the server's covers it otherwise.
  const off =
    switches.get(switchKey(r.server_ref, r.name)) ??
    switches.get(switchKey(r.server_ref, SERVER_SWITCH));
  return {
    serverRef: r.server_ref,
    serverName,
    owner: orUndefined(r.owner_ref),
    name: r.name,
    title: orUndefined(r.title),
    description: orUndefined(r.description),
    readOnly: Boolean(r.read_only),
    destructive: Boolean(r.destructive),
    annotations: parseJson(r.annotations),
    approval: r.approval,
    state: r.state,
    version: r.version,
    definitionHash: r.definition_hash,
    maxSeverity: severityOfRank(r.max_severity),
    lastSeenAt: toIso(r.last_seen_at)!,
    ...(off ? { disabled: disablementOf(off) } : {}),
  };
}

/** A stored risk finding as the API shows it. */
export function findingOf(r: any): McpFinding {
  return {
    itemKind: r.item_kind,
    itemName: r.item_name,
    ruleId: r.rule_id,
    severity: r.severity,
    message: r.message,
    field: r.field,
    evidence: {
      start: r.evidence_start,
      end: r.evidence_end,
      text: r.evidence_text,
    },
  };
}

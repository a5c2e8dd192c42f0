import {
  FINDING_SEVERITIES,
  FindingSeverity,
} from '@mcp-platform/plugin-mcp-catalog-common';
import { Knex } from 'knex';
import { DiscoveredServer } from '../model/DiscoveredServer';
import { ToolDefinitionHasher } from '@mcp-platform/plugin-mcp-catalog-node';
import { chunked, IN_LIST_SIZE, insertRows } from './bulkWrites';
import { DiscoveryRecord, ItemFindings, ToolChanges } from './McpCatalogStore';

/** Discovery attempts kept per server. */
export const ATTEMPTS_KEPT = 20;

export const severityRank = (s: FindingSeverity) =>
  FINDING_SEVERITIES.indexOf(s) + 1;

/** The columns of a server row that recording a discovery reads. */
export interface ServerRow {
  entity_ref: string;
  name: string;
  owner_ref: string | null;
  last_success_at: unknown;
  first_success_at: unknown;
}

/** The columns of a tool row that recording a discovery compares. */
export interface StoredTool {
  id: number;
  server_ref: string;
  name: string;
  definition_hash: string;
  approved_hash: string | null;
  version: number;
  state: string;
  max_severity: number;
  search_text: string;
  owner_ref: string | null;
  server_name: string | null;
}

/** Lower-cased text the tool search matches: name, title, description and parameter names. */
export function searchTextOf(tool: DiscoveredServer['tools'][number]): string {
  const params = Object.keys(
    (tool.inputSchema as { properties?: object }).properties ?? {},
  );
  return (
    [
      tool.name,
      tool.title ?? tool.annotations?.title ?? '',
      tool.description ?? '',
      params.join(' '),
    ]
      .join('\n')
      // What toLocaleLowerCase('en-US') does, without resolving a locale for every tool.
      .toLowerCase()
  );
}

/** A definition is approved when its hash was approved; otherwise changed, or new if nothing ever was. */
export function approvalOf(
  approvedHash: string | null,
  hash: string,
): 'approved' | 'changed' | 'new' {
  if (approvedHash === hash) return 'approved';
  return approvedHash ? 'changed' : 'new';
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter(item => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The writes of many discoveries, collected first and then applied with a few statements per
 * table: recording a fleet costs tens of statements per batch rather than per server.
 */
export class DiscoveryWriteBatch {
  private readonly refs: string[] = [];
  private readonly toolInserts: Record<string, unknown>[] = [];
  private readonly toolUpdates: { id: number; columns: object }[] = [];
  private readonly versionInserts: Record<string, unknown>[] = [];
  /** Ids of tools of which only the time last seen changes, per time. */
  private readonly onlySeen = new Map<number, number[]>();
  private readonly removals: {
    serverRef: string;
    names: string[];
    now: Date;
  }[] = [];
  private readonly promptRows: Record<string, unknown>[] = [];
  private readonly resourceRows: Record<string, unknown>[] = [];
  private readonly findingRows: Record<string, unknown>[] = [];
  private readonly serverUpdates: { entityRef: string; columns: object }[] = [];
  private readonly attemptRows: Record<string, unknown>[] = [];

  /** Adds the writes of one discovery of a server, given its stored tools; returns what changed. */
  add(
    record: DiscoveryRecord,
    server: ServerRow,
    existing: Map<string, StoredTool>,
  ): ToolChanges {
    const { entityRef, result, findings, now, nextAttemptAt } = record;
    this.refs.push(entityRef);
    const baseline = record.baselineOnFirstDiscovery && !server.last_success_at;

    const maxRankOf = new Map<string, number>();
    for (const item of findings) {
      const key = `${item.itemKind}:${item.itemName}`;
      for (const f of item.findings)
        maxRankOf.set(
          key,
          Math.max(maxRankOf.get(key) ?? 0, severityRank(f.severity)),
        );
    }

    const newTools: string[] = [];
    const changedTools: string[] = [];
    const inserts = this.toolInserts.length;
    const updates = this.toolUpdates.length;
    const seen = new Set<string>();
    for (let i = 0; i < result.tools.length; i++) {
      const tool = result.tools[i];
      if (seen.has(tool.name)) continue; // a server listing a name twice: the first wins
      seen.add(tool.name);
      const {
        hash,
        json: definition,
        inputSchemaJson,
      } = record.definitions?.[i] ?? ToolDefinitionHasher.hashWithJson(tool);
      const maxSeverity = maxRankOf.get(`tool:${tool.name}`) ?? 0;
      const searchText = searchTextOf(tool);
      const row = existing.get(tool.name);
      if (
        row &&
        row.definition_hash === hash &&
        row.state === 'active' &&
        row.max_severity === maxSeverity &&
        row.search_text === searchText &&
        (row.owner_ref ?? null) === server.owner_ref &&
        (row.server_name ?? null) === server.name
      ) {
        // The common case: nothing but the time it was last seen changes.
        const ids = this.onlySeen.get(now.getTime());
        if (ids) ids.push(row.id);
        else this.onlySeen.set(now.getTime(), [row.id]);
        continue;
      }
      const columns = {
        title: tool.title ?? tool.annotations?.title ?? null,
        description: tool.description ?? null,
        input_schema: inputSchemaJson,
        output_schema: tool.outputSchema
          ? JSON.stringify(tool.outputSchema)
          : null,
        annotations: tool.annotations ? JSON.stringify(tool.annotations) : null,
        read_only: tool.annotations?.readOnlyHint === true,
        // The MCP spec's default for destructiveHint is true unless the tool is read-only.
        destructive:
          tool.annotations?.readOnlyHint !== true &&
          tool.annotations?.destructiveHint !== false,
        max_severity: maxSeverity,
        search_text: searchText,
        owner_ref: server.owner_ref,
        server_name: server.name,
        last_seen_at: now,
        state: 'active',
        removed_at: null,
      };
      const version = {
        server_ref: entityRef,
        tool_name: tool.name,
        definition_hash: hash,
        definition,
        seen_at: now,
        approved_by: null as string | null,
        approved_at: null as Date | null,
      };
      if (!row) {
        this.toolInserts.push({
          server_ref: entityRef,
          name: tool.name,
          ...columns,
          definition_hash: hash,
          approved_hash: baseline ? hash : null,
          approval: baseline ? 'approved' : 'new',
          version: 1,
          first_seen_at: now,
        });
        this.versionInserts.push({
          ...version,
          version: 1,
          approved_by: baseline ? 'baseline' : null,
          approved_at: baseline ? now : null,
        });
        if (!baseline) newTools.push(tool.name);
      } else if (row.definition_hash !== hash) {
        const approval = approvalOf(row.approved_hash, hash);
        this.toolUpdates.push({
          id: row.id,
          columns: {
            ...columns,
            definition_hash: hash,
            approval,
            version: row.version + 1,
          },
        });
        this.versionInserts.push({ ...version, version: row.version + 1 });
        if (approval !== 'approved') changedTools.push(tool.name);
      } else {
        this.toolUpdates.push({ id: row.id, columns });
      }
    }
    const toolsTouched =
      this.toolInserts.length > inserts || this.toolUpdates.length > updates;
    const removedTools = [...existing.values()]
      .filter(r => !seen.has(r.name) && r.state === 'active')
      .map(r => r.name);
    if (removedTools.length)
      this.removals.push({ serverRef: entityRef, names: removedTools, now });

    for (const p of uniqueBy(result.prompts, x => x.name)) {
      this.promptRows.push({
        server_ref: entityRef,
        name: p.name,
        title: p.title ?? null,
        description: p.description ?? null,
        arguments: p.arguments ? JSON.stringify(p.arguments) : null,
      });
    }
    const resources = uniqueBy(
      [
        ...result.resources.map(r => ({ kind: 'resource', uri: r.uri, r })),
        ...result.resourceTemplates.map(r => ({
          kind: 'template',
          uri: r.uriTemplate,
          r,
        })),
      ],
      x => `${x.kind}:${x.uri}`,
    );
    for (const { kind, uri, r } of resources) {
      this.resourceRows.push({
        server_ref: entityRef,
        kind,
        uri: uri.slice(0, 1024),
        name: r.name ?? null,
        title: r.title ?? null,
        description: r.description ?? null,
        mime_type: r.mimeType ?? null,
      });
    }
    const findingRows = findingRowsOf(entityRef, findings);
    this.findingRows.push(...findingRows);
    const serverMaxRank = Math.max(0, ...findingRows.map(r => r.severity_rank));

    this.serverUpdates.push({
      entityRef,
      columns: {
        status: 'ok',
        last_attempt_at: now,
        last_success_at: now,
        // The first answer ends "awaiting deployment" for good: later failures are errors.
        ...(server.first_success_at ? {} : { first_success_at: now }),
        last_error: null,
        latency_ms: result.latencyMs,
        transport: result.transport,
        protocol_version: result.protocolVersion ?? null,
        protocol_era: result.era,
        ...(result.verdict
          ? { era_verdict: JSON.stringify(result.verdict) }
          : {}),
        // Revisions change only when this discovery checked them (a cached verdict skips that).
        ...(result.revisions
          ? {
              protocol_revisions: JSON.stringify(result.revisions),
              revisions_checked_at: now,
            }
          : {}),
        server_info: result.serverInfo
          ? JSON.stringify(result.serverInfo)
          : null,
        capabilities: JSON.stringify(result.capabilities),
        instructions: result.instructions ?? null,
        tool_count: seen.size,
        max_severity: serverMaxRank,
        consecutive_failures: 0,
        next_attempt_at: nextAttemptAt,
        // Any change to a tool row (a baseline too) is a change of the server's data: the
        // gateway and the UI re-read a server when this moves.
        ...(toolsTouched || removedTools.length ? { updated_at: now } : {}),
      },
    });
    this.attemptRows.push({
      server_ref: entityRef,
      attempted_at: now,
      ok: true,
      error: null,
      latency_ms: result.latencyMs,
      tool_count: seen.size,
      transport: result.transport,
    });
    return { newTools, changedTools, removedTools };
  }

  /** Applies every added discovery; call within a transaction. */
  async apply(tx: Knex.Transaction): Promise<void> {
    if (!this.refs.length) return;
    await insertRows(tx, 'mcp_catalog_tools', this.toolInserts);
    for (const { id, columns } of this.toolUpdates)
      await tx('mcp_catalog_tools').where('id', id).update(columns);
    await insertRows(tx, 'mcp_catalog_tool_versions', this.versionInserts);
    for (const [time, ids] of this.onlySeen) {
      for (const chunk of chunked(ids, IN_LIST_SIZE))
        await tx('mcp_catalog_tools')
          .whereIn('id', chunk)
          .update({ last_seen_at: new Date(time) });
    }
    for (const { serverRef, names, now } of this.removals) {
      for (const chunk of chunked(names, IN_LIST_SIZE))
        await tx('mcp_catalog_tools')
          .where('server_ref', serverRef)
          .whereIn('name', chunk)
          .update({ state: 'removed', removed_at: now });
    }

    // Prompts, resources and findings describe the latest discovery only: replaced wholesale.
    for (const [table, rows] of [
      ['mcp_catalog_prompts', this.promptRows],
      ['mcp_catalog_resources', this.resourceRows],
      ['mcp_catalog_findings', this.findingRows],
    ] as const) {
      for (const chunk of chunked(this.refs, IN_LIST_SIZE))
        await tx(table).whereIn('server_ref', chunk).delete();
      await insertRows(tx, table, rows);
    }

    for (const { entityRef, columns } of this.serverUpdates)
      await tx('mcp_catalog_servers')
        .where('entity_ref', entityRef)
        .update(columns);
    await insertRows(tx, 'mcp_catalog_discovery_attempts', this.attemptRows);
    await trimAttempts(tx, this.refs);
  }
}

/** The rows of `mcp_catalog_findings` for a server's findings. */
export function findingRowsOf(entityRef: string, findings: ItemFindings[]) {
  const rows = [];
  for (const item of findings) {
    for (const f of item.findings) {
      rows.push({
        server_ref: entityRef,
        item_kind: item.itemKind,
        item_name: item.itemName,
        rule_id: f.ruleId,
        severity: f.severity,
        severity_rank: severityRank(f.severity),
        message: f.message,
        field: f.field.slice(0, 512),
        evidence_start: f.evidence.start,
        evidence_end: f.evidence.end,
        evidence_text: f.evidence.text,
      });
    }
  }
  return rows;
}

/** Drops the discovery attempts beyond the last ATTEMPTS_KEPT of each of these servers. */
export async function trimAttempts(db: Knex, serverRefs: string[]) {
  for (const chunk of chunked(serverRefs, IN_LIST_SIZE)) {
    const ranked = db('mcp_catalog_discovery_attempts')
      .whereIn('server_ref', chunk)
      .select(
        'id',
        db.raw(
          'row_number() over (partition by server_ref order by id desc) as recency',
        ),
      )
      .as('ranked');
    await db('mcp_catalog_discovery_attempts')
      .whereIn(
        'id',
        db.from(ranked).where('recency', '>', ATTEMPTS_KEPT).select('id'),
      )
      .delete();
  }
}

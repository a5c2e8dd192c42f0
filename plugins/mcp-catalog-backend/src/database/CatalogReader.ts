import {
  McpPage,
  McpServerDetail,
  McpServerSummary,
  McpToolDetail,
} from '@mcp-platform/plugin-mcp-catalog-common';
import { createTwoFilesPatch } from 'diff';
import { Knex } from 'knex';
import { ATTEMPTS_KEPT, severityRank } from './DiscoveryWriteBatch';
import {
  emptyPage,
  findingOf,
  killSwitchEvents,
  orUndefined,
  parseJson,
  pretty,
  SERVER_SWITCH,
  serverSummary,
  switchesOf,
  toIso,
  toolSummary,
  whereOneOf,
} from './catalogRows';
import { ServerQuery } from './McpCatalogStore';

/** The catalog's server list and its server and tool pages. */
export class CatalogReader {
  /** PostgreSQL; otherwise SQLite. */
  private readonly pg: boolean;

  constructor(private readonly db: Knex) {
    this.pg = db.client.config.client === 'pg';
  }

  async listServers(query: ServerQuery): Promise<McpPage<McpServerSummary>> {
    if (query.visibleServers?.length === 0) {
      return emptyPage(query);
    }
    const base = this.db('mcp_catalog_servers').where(q => {
      if (query.visibleServers)
        whereOneOf(this.pg, q, 'entity_ref', query.visibleServers);
      if (query.owner?.length) q.whereIn('owner_ref', query.owner);
      if (query.lifecycle?.length) q.whereIn('lifecycle', query.lifecycle);
      if (query.status?.length) q.whereIn('status', query.status);
      if (query.minSeverity)
        q.where('max_severity', '>=', severityRank(query.minSeverity));
      if (query.allToolsApproved) {
        // One probe of the (server_ref, name) index per server, however many tools there are.
        q.whereNotExists(
          this.db('mcp_catalog_tools as t')
            .select(this.db.raw('1'))
            .whereRaw('t.server_ref = mcp_catalog_servers.entity_ref')
            .where('t.state', 'active')
            .whereNot('t.approval', 'approved'),
        );
      }
      if (query.enabledOnly) {
        q.whereNotExists(
          this.db('mcp_catalog_kill_switches as k')
            .select(this.db.raw('1'))
            .whereRaw('k.server_ref = mcp_catalog_servers.entity_ref')
            .where('k.tool_name', SERVER_SWITCH),
        );
      }
    });
    const [{ count }] = await base.clone().count({ count: '*' });
    const rows = await base
      .clone()
      .orderBy('entity_ref')
      .limit(query.limit)
      .offset(query.offset);
    const switches = await switchesOf(
      this.db,
      rows.map(r => r.entity_ref),
    );
    return {
      items: rows.map(r => serverSummary(r, switches)),
      totalCount: Number(count),
      offset: query.offset,
      limit: query.limit,
    };
  }

  async getServer(entityRef: string): Promise<McpServerDetail | undefined> {
    const row = await this.db('mcp_catalog_servers')
      .where('entity_ref', entityRef)
      .first();
    if (!row) return undefined;
    const [tools, prompts, resources, findings, attempts, switches, events] =
      await Promise.all([
        this.db('mcp_catalog_tools')
          .where('server_ref', entityRef)
          .orderBy([{ column: 'state' }, { column: 'name' }]),
        this.db('mcp_catalog_prompts')
          .where('server_ref', entityRef)
          .orderBy('name'),
        this.db('mcp_catalog_resources')
          .where('server_ref', entityRef)
          .orderBy(['kind', 'uri']),
        this.db('mcp_catalog_findings')
          .where('server_ref', entityRef)
          .orderBy([
            { column: 'severity_rank', order: 'desc' },
            { column: 'item_name' },
          ]),
        this.db('mcp_catalog_discovery_attempts')
          .where('server_ref', entityRef)
          .orderBy('id', 'desc')
          .limit(ATTEMPTS_KEPT),
        switchesOf(this.db, [entityRef]),
        killSwitchEvents(this.db, entityRef),
      ]);
    return {
      ...serverSummary(row, switches),
      capabilities: parseJson(row.capabilities),
      instructions: orUndefined(row.instructions),
      tools: tools.map(t => toolSummary(t, row.name, switches)),
      prompts: prompts.map(p => ({
        name: p.name,
        title: orUndefined(p.title),
        description: orUndefined(p.description),
        arguments: parseJson(p.arguments),
      })),
      resources: resources.map(r => ({
        kind: r.kind,
        uri: r.uri,
        name: orUndefined(r.name),
        title: orUndefined(r.title),
        description: orUndefined(r.description),
        mimeType: orUndefined(r.mime_type),
      })),
      findings: findings.map(findingOf),
      discoveryHistory: attempts.map(a => ({
        attemptedAt: toIso(a.attempted_at)!,
        ok: Boolean(a.ok),
        error: orUndefined(a.error),
        latencyMs: orUndefined(a.latency_ms),
        toolCount: orUndefined(a.tool_count),
        transport: orUndefined(a.transport),
      })),
      killSwitchHistory: events,
    };
  }

  async getTool(
    serverRef: string,
    toolName: string,
  ): Promise<McpToolDetail | undefined> {
    const row = await this.db('mcp_catalog_tools as t')
      .join('mcp_catalog_servers as s', 's.entity_ref', 't.server_ref')
      .where({ 't.server_ref': serverRef, 't.name': toolName })
      .select('t.*', 's.name as server_name')
      .first();
    if (!row) return undefined;
    const [versions, findings, switches, events] = await Promise.all([
      this.db('mcp_catalog_tool_versions')
        .where({ server_ref: serverRef, tool_name: toolName })
        .orderBy('version', 'desc'),
      this.db('mcp_catalog_findings')
        .where({
          server_ref: serverRef,
          item_kind: 'tool',
          item_name: toolName,
        })
        .orderBy('severity_rank', 'desc'),
      switchesOf(this.db, [serverRef]),
      killSwitchEvents(this.db, serverRef, toolName),
    ]);
    const current = versions.find(
      v => v.definition_hash === row.definition_hash,
    );
    const approved = row.approved_hash
      ? versions.find(v => v.definition_hash === row.approved_hash)
      : undefined;
    let diffFromApproved: string | undefined;
    if (current && row.approval !== 'approved') {
      const before = approved ? pretty(approved.definition) : '';
      diffFromApproved = createTwoFilesPatch(
        approved ? `approved (v${approved.version})` : 'nothing approved yet',
        `current (v${current.version})`,
        before,
        pretty(current.definition),
        undefined,
        undefined,
        { context: 3 },
      );
    }
    return {
      ...toolSummary(row, row.server_name, switches),
      inputSchema: JSON.parse(row.input_schema),
      outputSchema: parseJson(row.output_schema),
      firstSeenAt: toIso(row.first_seen_at)!,
      removedAt: toIso(row.removed_at),
      versions: versions.map(v => ({
        version: v.version,
        definitionHash: v.definition_hash,
        definition: JSON.parse(v.definition),
        seenAt: toIso(v.seen_at)!,
        approvedBy: orUndefined(v.approved_by),
        approvedAt: toIso(v.approved_at),
      })),
      diffFromApproved,
      findings: findings.map(findingOf),
      killSwitchHistory: events,
    };
  }
}

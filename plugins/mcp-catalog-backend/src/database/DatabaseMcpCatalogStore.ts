import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  FINDING_SEVERITIES,
  FindingSeverity,
  McpFinding,
  McpPage,
  McpServerDetail,
  McpServerSummary,
  McpToolDetail,
  McpToolSummary,
} from '@mcp-platform/plugin-mcp-catalog-common';
import { createTwoFilesPatch } from 'diff';
import { Knex } from 'knex';
import { DiscoveredServer } from '../discovery/discoverServer';
import { ToolDefinitionHasher } from '../tools/ToolDefinitionHasher';
import { applyMigrations } from './migrations';
import {
  ItemFindings,
  McpCatalogStore,
  ServerQuery,
  ServerSnapshot,
  ToolQuery,
} from './McpCatalogStore';

const severityRank = (s: FindingSeverity) => FINDING_SEVERITIES.indexOf(s) + 1;
const severityOfRank = (rank: number): FindingSeverity | undefined =>
  rank > 0 ? FINDING_SEVERITIES[rank - 1] : undefined;

const toIso = (value: unknown): string | undefined =>
  value === null || value === undefined
    ? undefined
    : new Date(value as string | number | Date).toISOString();
const parseJson = <T>(value: unknown): T | undefined =>
  typeof value === 'string' && value.length > 0
    ? (JSON.parse(value) as T)
    : undefined;
const orUndefined = <T>(value: T | null): T | undefined =>
  value === null ? undefined : value;

/** Tool search counts matches exactly up to this many. */
const TOOL_COUNT_CAP = 1000;

/** Discovery attempts kept per server. */
const ATTEMPTS_KEPT = 20;

/** What tool lists need: everything but the (large) schemas. */
const SUMMARY_COLUMNS = [
  'server_ref',
  'server_name',
  'owner_ref',
  'name',
  'title',
  'description',
  'read_only',
  'destructive',
  'annotations',
  'approval',
  'state',
  'version',
  'definition_hash',
  'max_severity',
  'last_seen_at',
];

/** Lower-cased text the tool search matches: name, title, description and parameter names. */
function searchTextOf(tool: DiscoveredServer['tools'][number]): string {
  const params = Object.keys(
    (tool.inputSchema as { properties?: object }).properties ?? {},
  );
  return [
    tool.name,
    tool.title ?? tool.annotations?.title ?? '',
    tool.description ?? '',
    params.join(' '),
  ]
    .join('\n')
    .toLocaleLowerCase('en-US');
}

/** Escapes LIKE wildcards so a search for `a_b` finds `a_b`, not `axb`. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, m => `\\${m}`);

/** The MCP catalog's storage on knex (SQLite and PostgreSQL). */
export class DatabaseMcpCatalogStore implements McpCatalogStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseMcpCatalogStore> {
    return new DatabaseMcpCatalogStore(await applyMigrations(options.database));
  }

  /** For tests that bring their own, already migrated, knex. */
  static fromKnex(db: Knex): DatabaseMcpCatalogStore {
    return new DatabaseMcpCatalogStore(db);
  }

  /** SQLite has the trigram full-text table (see the tool_search migration). */
  private readonly fts: boolean;

  private constructor(private readonly db: Knex) {
    this.fts = db.client.config.client !== 'pg';
  }

  async syncServers(snapshots: ServerSnapshot[]) {
    return this.db.transaction(async tx => {
      // One read of every server: this runs on each discovery run, for the whole catalog.
      const existing = new Map<string, Record<string, unknown>>(
        (
          await tx('mcp_catalog_servers').select(
            'entity_ref',
            'name',
            'title',
            'description',
            'owner_ref',
            'lifecycle',
            'data_classification',
            'remotes',
          )
        ).map(r => [r.entity_ref, r]),
      );
      const wanted = new Set(snapshots.map(s => s.entityRef));
      const gone = [...existing.keys()].filter(ref => !wanted.has(ref));
      for (let i = 0; i < gone.length; i += 500) {
        const chunk = gone.slice(i, i + 500);
        // Children first: SQLite enforces the foreign keys only when pragma foreign_keys is on.
        for (const table of [
          'mcp_catalog_discovery_attempts',
          'mcp_catalog_findings',
          'mcp_catalog_resources',
          'mcp_catalog_prompts',
          'mcp_catalog_tool_versions',
          'mcp_catalog_tools',
        ]) {
          await tx(table).whereIn('server_ref', chunk).delete();
        }
        await tx('mcp_catalog_servers').whereIn('entity_ref', chunk).delete();
      }
      let added = 0;
      const now = new Date();
      for (const s of snapshots) {
        const row = {
          name: s.name,
          title: s.title ?? null,
          description: s.description ?? null,
          owner_ref: s.ownerRef ?? null,
          lifecycle: s.lifecycle ?? null,
          data_classification: s.dataClassification ?? null,
          remotes: JSON.stringify(s.remotes),
        };
        const current = existing.get(s.entityRef);
        if (current) {
          const changed = Object.entries(row).some(
            ([k, v]) => (current[k] ?? null) !== v,
          );
          if (changed) {
            // New remotes deserve a prompt look: schedule discovery now.
            const remotesChanged = current.remotes !== row.remotes;
            await tx('mcp_catalog_servers')
              .where('entity_ref', s.entityRef)
              .update({
                ...row,
                updated_at: now,
                ...(remotesChanged
                  ? { next_attempt_at: null, consecutive_failures: 0 }
                  : {}),
              });
            if (s.ownerRef !== current.owner_ref) {
              await tx('mcp_catalog_tools')
                .where('server_ref', s.entityRef)
                .update({ owner_ref: s.ownerRef ?? null });
            }
          }
        } else {
          await tx('mcp_catalog_servers').insert({
            entity_ref: s.entityRef,
            ...row,
            status: 'pending',
            updated_at: now,
          });
          added++;
        }
      }
      return { added, removed: gone.length };
    });
  }

  async dueServers(now: Date): Promise<ServerSnapshot[]> {
    const rows = await this.db('mcp_catalog_servers')
      .where(q =>
        q.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', now),
      )
      .orderBy('entity_ref');
    return rows.map(r => ({
      entityRef: r.entity_ref,
      name: r.name,
      title: orUndefined(r.title),
      description: orUndefined(r.description),
      ownerRef: orUndefined(r.owner_ref),
      lifecycle: orUndefined(r.lifecycle),
      dataClassification: orUndefined(r.data_classification),
      remotes: JSON.parse(r.remotes),
    }));
  }

  async recordDiscovery(options: {
    entityRef: string;
    result: DiscoveredServer;
    findings: ItemFindings[];
    now: Date;
    nextAttemptAt: Date;
    baselineOnFirstDiscovery: boolean;
  }) {
    const { entityRef, result, findings, now, nextAttemptAt } = options;
    return this.db.transaction(async tx => {
      const server = await tx('mcp_catalog_servers')
        .where('entity_ref', entityRef)
        .first();
      if (!server) return { newTools: [], changedTools: [], removedTools: [] };
      const baseline =
        options.baselineOnFirstDiscovery && !server.last_success_at;

      const findingsByItem = new Map(
        findings.map(f => [`${f.itemKind}:${f.itemName}`, f.findings]),
      );
      const maxRank = (kind: string, name: string) =>
        Math.max(
          0,
          ...(findingsByItem.get(`${kind}:${name}`) ?? []).map(f =>
            severityRank(f.severity),
          ),
        );

      const existing = new Map<string, any>(
        (await tx('mcp_catalog_tools').where('server_ref', entityRef)).map(
          r => [r.name, r],
        ),
      );
      const newTools: string[] = [];
      const changedTools: string[] = [];
      const seen = new Set<string>();
      const toolInserts: Record<string, unknown>[] = [];
      const versionInserts: Record<string, unknown>[] = [];
      const onlySeen: number[] = [];
      for (const tool of result.tools) {
        if (seen.has(tool.name)) continue; // a server listing a name twice: the first wins
        seen.add(tool.name);
        const definition = ToolDefinitionHasher.definitionOf(tool);
        const hash = ToolDefinitionHasher.hash(tool);
        const columns = {
          title: tool.title ?? tool.annotations?.title ?? null,
          description: tool.description ?? null,
          input_schema: JSON.stringify(tool.inputSchema),
          output_schema: tool.outputSchema
            ? JSON.stringify(tool.outputSchema)
            : null,
          annotations: tool.annotations
            ? JSON.stringify(tool.annotations)
            : null,
          read_only: tool.annotations?.readOnlyHint === true,
          // The MCP spec's default for destructiveHint is true unless the tool is read-only.
          destructive:
            tool.annotations?.readOnlyHint !== true &&
            tool.annotations?.destructiveHint !== false,
          max_severity: maxRank('tool', tool.name),
          search_text: searchTextOf(tool),
          owner_ref: server.owner_ref,
          server_name: server.name,
          last_seen_at: now,
          state: 'active',
          removed_at: null,
        };
        const row = existing.get(tool.name);
        if (!row) {
          toolInserts.push({
            server_ref: entityRef,
            name: tool.name,
            ...columns,
            definition_hash: hash,
            approved_hash: baseline ? hash : null,
            approval: baseline ? 'approved' : 'new',
            version: 1,
            first_seen_at: now,
          });
          versionInserts.push({
            server_ref: entityRef,
            tool_name: tool.name,
            version: 1,
            definition_hash: hash,
            definition: JSON.stringify(definition),
            seen_at: now,
            approved_by: baseline ? 'baseline' : null,
            approved_at: baseline ? now : null,
          });
          if (!baseline) newTools.push(tool.name);
        } else if (row.definition_hash !== hash) {
          const version = row.version + 1;
          const approval = approvalOf(row.approved_hash, hash);
          await tx('mcp_catalog_tools')
            .where('id', row.id)
            .update({ ...columns, definition_hash: hash, approval, version });
          versionInserts.push({
            server_ref: entityRef,
            tool_name: tool.name,
            version,
            definition_hash: hash,
            definition: JSON.stringify(definition),
            seen_at: now,
          });
          if (approval !== 'approved') changedTools.push(tool.name);
        } else if (
          row.state !== 'active' ||
          row.max_severity !== columns.max_severity ||
          row.search_text !== columns.search_text ||
          (row.owner_ref ?? null) !== columns.owner_ref ||
          (row.server_name ?? null) !== columns.server_name
        ) {
          await tx('mcp_catalog_tools').where('id', row.id).update(columns);
        } else {
          // The common case: nothing but the time it was last seen changes.
          onlySeen.push(row.id);
        }
      }
      for (let i = 0; i < toolInserts.length; i += 100) {
        await tx('mcp_catalog_tools').insert(toolInserts.slice(i, i + 100));
      }
      for (let i = 0; i < versionInserts.length; i += 100) {
        await tx('mcp_catalog_tool_versions').insert(
          versionInserts.slice(i, i + 100),
        );
      }
      for (let i = 0; i < onlySeen.length; i += 500) {
        await tx('mcp_catalog_tools')
          .whereIn('id', onlySeen.slice(i, i + 500))
          .update({ last_seen_at: now });
      }
      const removedTools = [...existing.values()]
        .filter(r => !seen.has(r.name) && r.state === 'active')
        .map(r => r.name as string);
      if (removedTools.length) {
        await tx('mcp_catalog_tools')
          .where('server_ref', entityRef)
          .whereIn('name', removedTools)
          .update({ state: 'removed', removed_at: now });
      }

      await tx('mcp_catalog_prompts').where('server_ref', entityRef).delete();
      const prompts = uniqueBy(result.prompts, p => p.name);
      for (let i = 0; i < prompts.length; i += 200) {
        await tx('mcp_catalog_prompts').insert(
          prompts.slice(i, i + 200).map(p => ({
            server_ref: entityRef,
            name: p.name,
            title: p.title ?? null,
            description: p.description ?? null,
            arguments: p.arguments ? JSON.stringify(p.arguments) : null,
          })),
        );
      }
      await tx('mcp_catalog_resources').where('server_ref', entityRef).delete();
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
      for (let i = 0; i < resources.length; i += 200) {
        await tx('mcp_catalog_resources').insert(
          resources.slice(i, i + 200).map(({ kind, uri, r }) => ({
            server_ref: entityRef,
            kind,
            uri: uri.slice(0, 1024),
            name: r.name ?? null,
            title: r.title ?? null,
            description: r.description ?? null,
            mime_type: r.mimeType ?? null,
          })),
        );
      }

      await tx('mcp_catalog_findings').where('server_ref', entityRef).delete();
      const findingRows = findings.flatMap(item =>
        item.findings.map(f => ({
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
        })),
      );
      for (let i = 0; i < findingRows.length; i += 200) {
        await tx('mcp_catalog_findings').insert(findingRows.slice(i, i + 200));
      }

      await tx('mcp_catalog_servers')
        .where('entity_ref', entityRef)
        .update({
          status: 'ok',
          last_attempt_at: now,
          last_success_at: now,
          last_error: null,
          latency_ms: result.latencyMs,
          transport: result.remote.type,
          protocol_version: result.protocolVersion ?? null,
          server_info: result.serverInfo
            ? JSON.stringify(result.serverInfo)
            : null,
          capabilities: JSON.stringify(result.capabilities),
          instructions: result.instructions ?? null,
          tool_count: seen.size,
          max_severity: Math.max(0, ...findingRows.map(f => f.severity_rank)),
          consecutive_failures: 0,
          next_attempt_at: nextAttemptAt,
          ...(newTools.length || changedTools.length || removedTools.length
            ? { updated_at: now }
            : {}),
        });
      await recordAttempt(tx, {
        server_ref: entityRef,
        attempted_at: now,
        ok: true,
        latency_ms: result.latencyMs,
        tool_count: seen.size,
        transport: result.remote.type,
      });
      return { newTools, changedTools, removedTools };
    });
  }

  async recordFailure(options: {
    entityRef: string;
    error: string;
    now: Date;
    nextAttemptAt: (consecutiveFailures: number) => Date;
  }) {
    const row = await this.db('mcp_catalog_servers')
      .where('entity_ref', options.entityRef)
      .first();
    if (!row) return;
    const failures = row.consecutive_failures + 1;
    await this.db('mcp_catalog_servers')
      .where('entity_ref', options.entityRef)
      .update({
        status: 'error',
        last_attempt_at: options.now,
        last_error: options.error.slice(0, 4000),
        consecutive_failures: failures,
        next_attempt_at: options.nextAttemptAt(failures),
      });
    await recordAttempt(this.db, {
      server_ref: options.entityRef,
      attempted_at: options.now,
      ok: false,
      error: options.error.slice(0, 4000),
    });
  }

  async activeToolNames(): Promise<Map<string, string[]>> {
    const rows = await this.db('mcp_catalog_tools')
      .where('state', 'active')
      .select('server_ref', 'name');
    const byServer = new Map<string, string[]>();
    for (const r of rows) {
      if (!byServer.has(r.server_ref)) byServer.set(r.server_ref, []);
      byServer.get(r.server_ref)!.push(r.name);
    }
    return byServer;
  }

  async listServers(query: ServerQuery): Promise<McpPage<McpServerSummary>> {
    const base = this.db('mcp_catalog_servers').where(q => {
      if (query.owner?.length) q.whereIn('owner_ref', query.owner);
      if (query.lifecycle?.length) q.whereIn('lifecycle', query.lifecycle);
      if (query.status?.length) q.whereIn('status', query.status);
      if (query.minSeverity)
        q.where('max_severity', '>=', severityRank(query.minSeverity));
    });
    const [{ count }] = await base.clone().count({ count: '*' });
    const rows = await base
      .clone()
      .orderBy('entity_ref')
      .limit(query.limit)
      .offset(query.offset);
    return {
      items: rows.map(serverSummary),
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
    const [tools, prompts, resources, findings, attempts] = await Promise.all([
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
    ]);
    return {
      ...serverSummary(row),
      capabilities: parseJson(row.capabilities),
      instructions: orUndefined(row.instructions),
      tools: tools.map(t => toolSummary(t, row.name)),
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
    };
  }

  async searchTools(query: ToolQuery): Promise<McpPage<McpToolSummary>> {
    const words = (query.q ?? '')
      .toLocaleLowerCase('en-US')
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 8);
    const ftsWord = (w: string) =>
      this.fts && w.length >= 3 && !/[%_\\]/.test(w);
    const usesFts = words.some(ftsWord);
    // The server name lives on the tool row: no join, and the default order has an index.
    const base = this.db('mcp_catalog_tools').where(q => {
      for (const w of words) {
        if (ftsWord(w)) {
          // The trigram index answers the same substring match without a table scan.
          q.whereRaw(
            'id in (select rowid from mcp_catalog_tools_fts where search_text like ?)',
            [`%${w}%`],
          );
        } else {
          q.whereRaw(`search_text like ? escape '\\'`, [`%${likeEscape(w)}%`]);
        }
      }
      if (!query.includeRemoved) {
        // With full-text words, SQLite should start from the trigram index, not walk the
        // state index: the unary + keeps it from using an index for this term.
        if (usesFts) q.whereRaw('+state = ?', ['active']);
        else q.where('state', 'active');
      }
      if (query.owner?.length) q.whereIn('owner_ref', query.owner);
      if (query.server?.length) q.whereIn('server_ref', query.server);
      if (query.readOnly !== undefined) q.where('read_only', query.readOnly);
      if (query.destructive !== undefined)
        q.where('destructive', query.destructive);
      if (query.minSeverity) {
        q.where('max_severity', '>=', severityRank(query.minSeverity));
      }
      if (query.changed === true) q.whereNot('approval', 'approved');
      if (query.changed === false) q.where('approval', 'approved');
    });
    // Counting every match of a common word costs a scan; past TOOL_COUNT_CAP, "more than" is enough.
    const [[countRow], rows] = await Promise.all([
      this.db.count({ count: '*' }).from(
        base
          .clone()
          .select(this.db.raw('1'))
          .limit(TOOL_COUNT_CAP + 1)
          .as('matches'),
      ),
      base
        .clone()
        .select(SUMMARY_COLUMNS)
        .orderBy([{ column: 'name' }, { column: 'server_ref' }])
        .limit(query.limit)
        .offset(query.offset),
    ]);
    const total = Number((countRow as { count: number | string }).count);
    return {
      items: rows.map(r => toolSummary(r, r.server_name)),
      totalCount: Math.min(total, TOOL_COUNT_CAP),
      ...(total > TOOL_COUNT_CAP ? { totalCountCapped: true } : {}),
      offset: query.offset,
      limit: query.limit,
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
    const [versions, findings] = await Promise.all([
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
      ...toolSummary(row, row.server_name),
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
    };
  }

  async approveTool(options: {
    serverRef: string;
    toolName: string;
    definitionHash: string;
    approvedBy: string;
    now: Date;
  }): Promise<'approved' | 'stale' | 'not-found'> {
    return this.db.transaction(async tx => {
      const row = await tx('mcp_catalog_tools')
        .where({ server_ref: options.serverRef, name: options.toolName })
        .first();
      if (!row) return 'not-found';
      // The approver saw one definition; if discovery found another meanwhile, that one is unreviewed.
      if (row.definition_hash !== options.definitionHash) return 'stale';
      await tx('mcp_catalog_tools')
        .where('id', row.id)
        .update({ approved_hash: row.definition_hash, approval: 'approved' });
      await tx('mcp_catalog_tool_versions')
        .where({
          server_ref: options.serverRef,
          tool_name: options.toolName,
          definition_hash: row.definition_hash,
        })
        .update({ approved_by: options.approvedBy, approved_at: options.now });
      return 'approved';
    });
  }
}

/** A definition is approved when its hash was approved; otherwise changed, or new if nothing ever was. */
function approvalOf(
  approvedHash: string | null,
  hash: string,
): 'approved' | 'changed' | 'new' {
  if (approvedHash === hash) return 'approved';
  return approvedHash ? 'changed' : 'new';
}

/** Appends a discovery attempt and drops the ones beyond the last ATTEMPTS_KEPT of the server. */
async function recordAttempt(
  db: Knex,
  attempt: Record<string, unknown> & { server_ref: string },
) {
  await db('mcp_catalog_discovery_attempts').insert(attempt);
  const keep = await db('mcp_catalog_discovery_attempts')
    .where('server_ref', attempt.server_ref)
    .orderBy('id', 'desc')
    .offset(ATTEMPTS_KEPT - 1)
    .limit(1)
    .select('id');
  if (keep.length) {
    await db('mcp_catalog_discovery_attempts')
      .where('server_ref', attempt.server_ref)
      .where('id', '<', keep[0].id)
      .delete();
  }
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

function pretty(definitionJson: string): string {
  return `${JSON.stringify(JSON.parse(definitionJson), null, 2)}\n`;
}

function serverSummary(r: any): McpServerSummary {
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
    lastSuccessAt: toIso(r.last_success_at),
    lastError: orUndefined(r.last_error),
    latencyMs: orUndefined(r.latency_ms),
    nextAttemptAt: toIso(r.next_attempt_at),
    consecutiveFailures: r.consecutive_failures,
    transport: orUndefined(r.transport),
    protocolVersion: orUndefined(r.protocol_version),
    serverInfo: parseJson(r.server_info),
    toolCount: r.tool_count,
    maxSeverity: severityOfRank(r.max_severity),
    updatedAt: toIso(r.updated_at)!,
  };
}

function toolSummary(r: any, serverName: string): McpToolSummary {
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
  };
}

function findingOf(r: any): McpFinding {
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

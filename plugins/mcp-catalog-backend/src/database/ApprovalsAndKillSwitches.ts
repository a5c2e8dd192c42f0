import { Knex } from 'knex';
import { disablementOf, SERVER_SWITCH } from './catalogRows';
import { KillSwitchChange, KillSwitchOutcome } from './McpCatalogStore';

/** What people do to tools: approve a reviewed definition, switch a server or tool off and on. */
export class ApprovalsAndKillSwitches {
  constructor(private readonly db: Knex) {}

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
      await tx('mcp_catalog_servers')
        .where('entity_ref', options.serverRef)
        .update({ updated_at: options.now });
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

  async setKillSwitch(change: KillSwitchChange): Promise<KillSwitchOutcome> {
    const toolName = change.toolName ?? SERVER_SWITCH;
    const key = { server_ref: change.serverRef, tool_name: toolName };
    const current = async (db: Knex) => {
      const row = await db('mcp_catalog_kill_switches').where(key).first();
      return row ? disablementOf(row) : undefined;
    };
    try {
      return await this.db.transaction(async tx => {
        const server = await tx('mcp_catalog_servers')
          .where('entity_ref', change.serverRef)
          .first('entity_ref');
        const tool =
          server && change.toolName !== undefined
            ? await tx('mcp_catalog_tools')
                .where({ server_ref: change.serverRef, name: change.toolName })
                .first('id')
            : server;
        if (!tool) return { outcome: 'not-found' as const };
        if (change.action === 'disable') {
          const existing = await current(tx);
          if (existing)
            return { outcome: 'unchanged' as const, current: existing };
          await tx('mcp_catalog_kill_switches').insert({
            ...key,
            disabled_by: change.actor,
            disabled_at: change.now,
            reason: change.reason,
          });
        } else {
          const deleted = await tx('mcp_catalog_kill_switches')
            .where(key)
            .delete();
          if (!deleted) return { outcome: 'unchanged' as const };
        }
        await tx('mcp_catalog_kill_switch_events').insert({
          ...key,
          action: change.action,
          actor: change.actor,
          at: change.now,
          reason: change.reason,
        });
        // Readers that cache by server (the gateway, registry clients) see a change.
        await tx('mcp_catalog_servers')
          .where('entity_ref', change.serverRef)
          .update({ updated_at: change.now });
        return { outcome: 'switched' as const };
      });
    } catch (error) {
      // Two disables at once: the second one's insert meets the first one's row.
      const existing =
        change.action === 'disable' ? await current(this.db) : undefined;
      if (existing) return { outcome: 'unchanged', current: existing };
      throw error;
    }
  }
}

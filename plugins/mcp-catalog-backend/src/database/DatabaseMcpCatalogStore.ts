import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { ApprovalsAndKillSwitches } from './ApprovalsAndKillSwitches';
import { CatalogReader } from './CatalogReader';
import { DiscoveryStateTables } from './DiscoveryStateTables';
import { applyMigrations } from './migrations';
import { McpCatalogStore } from './McpCatalogStore';
import { ToolSearch } from './ToolSearch';

/**
 * The MCP catalog's storage on knex (SQLite and PostgreSQL): one store over the same tables,
 * whose parts live beside it — discovery state, reads, tool search, approvals and kill switches.
 */
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

  private readonly discovery: DiscoveryStateTables;
  private readonly reader: CatalogReader;
  private readonly search: ToolSearch;
  private readonly actions: ApprovalsAndKillSwitches;

  private constructor(db: Knex) {
    this.discovery = new DiscoveryStateTables(db);
    this.reader = new CatalogReader(db);
    this.search = new ToolSearch(db);
    this.actions = new ApprovalsAndKillSwitches(db);
  }

  syncServers: McpCatalogStore['syncServers'] = snapshots =>
    this.discovery.syncServers(snapshots);

  dueServers: McpCatalogStore['dueServers'] = now =>
    this.discovery.dueServers(now);

  recordDiscovery: McpCatalogStore['recordDiscovery'] = record =>
    this.discovery.recordDiscovery(record);

  recordDiscoveries: McpCatalogStore['recordDiscoveries'] = records =>
    this.discovery.recordDiscoveries(records);

  recordFailure: McpCatalogStore['recordFailure'] = options =>
    this.discovery.recordFailure(options);

  replaceFindings: McpCatalogStore['replaceFindings'] = (entityRef, items) =>
    this.discovery.replaceFindings(entityRef, items);

  activeToolNames: McpCatalogStore['activeToolNames'] = () =>
    this.discovery.activeToolNames();

  listServers: McpCatalogStore['listServers'] = query =>
    this.reader.listServers(query);

  getServer: McpCatalogStore['getServer'] = entityRef =>
    this.reader.getServer(entityRef);

  getTool: McpCatalogStore['getTool'] = (serverRef, toolName) =>
    this.reader.getTool(serverRef, toolName);

  searchTools: McpCatalogStore['searchTools'] = query =>
    this.search.searchTools(query);

  approveTool: McpCatalogStore['approveTool'] = options =>
    this.actions.approveTool(options);

  setKillSwitch: McpCatalogStore['setKillSwitch'] = change =>
    this.actions.setKillSwitch(change);
}

import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { DatabaseAlertStateStore } from './DatabaseAlertStateStore';
import { DatabaseCollectionStateStore } from './DatabaseCollectionStateStore';
import { DatabaseDirectoryStore } from './DatabaseDirectoryStore';
import { DatabaseUsageRollupStore } from './DatabaseUsageRollupStore';
import { DatabaseUsageSumStore } from './DatabaseUsageSumStore';
import { InsightsStore } from './InsightsStore';
import { applyMigrations } from './migrations';

/**
 * Every insights store on the plugin's knex database (SQLite or PostgreSQL), sharing one client
 * and the plugin's migrations: the directory, the rollup writes, the sums, collection state and
 * alert state. One object implements {@link InsightsStore}; its parts stay separate classes.
 */
export class DatabaseInsightsStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<InsightsStore> {
    const client = options.skipMigrations
      ? await options.database.getClient()
      : await applyMigrations(options.database);
    return DatabaseInsightsStore.fromKnex(client);
  }

  /** For tests and benchmarks that bring their own migrated knex. */
  static fromKnex(db: Knex): InsightsStore {
    const directory = new DatabaseDirectoryStore(db);
    const rollups = new DatabaseUsageRollupStore(db);
    const sums = new DatabaseUsageSumStore(db);
    const collection = new DatabaseCollectionStateStore(db);
    const alerts = new DatabaseAlertStateStore(db);
    return {
      syncServers: (...a) => directory.syncServers(...a),
      listServers: (...a) => directory.listServers(...a),
      getServer: (...a) => directory.getServer(...a),
      backdateServers: (...a) => directory.backdateServers(...a),
      markServersAlive: (...a) => directory.markServersAlive(...a),
      syncTeams: (...a) => directory.syncTeams(...a),
      listTeams: () => directory.listTeams(),

      recordUsage: (...a) => rollups.recordUsage(...a),
      stageEvents: (...a) => rollups.stageEvents(...a),
      foldPending: (...a) => rollups.foldPending(...a),
      pendingUsage: () => rollups.pendingUsage(),
      upsertComputeCosts: (...a) => rollups.upsertComputeCosts(...a),
      applyRetention: (...a) => rollups.applyRetention(...a),

      sumUsage: (...a) => sums.sumUsage(...a),
      sumTokens: (...a) => sums.sumTokens(...a),
      sumCompute: (...a) => sums.sumCompute(...a),
      sumTeamDaily: (...a) => sums.sumTeamDaily(...a),

      getSeriesState: (...a) => collection.getSeriesState(...a),
      recordCollection: (...a) => collection.recordCollection(...a),
      recordTargetFailure: (...a) => collection.recordTargetFailure(...a),
      listTargets: () => collection.listTargets(),
      pruneTargets: (...a) => collection.pruneTargets(...a),

      listAlertStates: () => alerts.listAlertStates(),
      claimAlertTransition: (...a) => alerts.claimAlertTransition(...a),
      pruneAlertStates: (...a) => alerts.pruneAlertStates(...a),
      getMeta: (...a) => alerts.getMeta(...a),
      setMeta: (...a) => alerts.setMeta(...a),
    };
  }
}

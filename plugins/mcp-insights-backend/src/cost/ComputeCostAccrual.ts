import {
  ComputeCostRow,
  DirectoryStore,
  ServerRecord,
  UsageRollupStore,
} from '../database/InsightsStore';
import { DAY } from '../rollups/time';
import { CostModel } from './CostModel';

/** Days recomputed on each run: today and the two before, so a missed midnight is caught up. */
const OPEN_DAYS = 3;

/**
 * Accrues compute cost per server and day: the hours the server ran that day (up to now) × its
 * hourly cost. A server runs from its `aliveSince` (its first answer to discovery, metrics or
 * usage) until it leaves the catalog; one registered but never deployed costs nothing. Rows are
 * set, not added, so re-running is harmless on any replica; days older than the open ones keep
 * the resources they were costed with.
 */
export class ComputeCostAccrual {
  constructor(
    private readonly deps: {
      store: DirectoryStore & UsageRollupStore;
      costModel: CostModel;
    },
  ) {}

  async accrue(nowMs: number): Promise<ComputeCostRow[]> {
    const servers = await this.deps.store.listServers({ includeRemoved: true });
    const rows = computeCostRows(servers, nowMs, this.deps.costModel);
    await this.deps.store.upsertComputeCosts(rows);
    return rows;
  }

  /**
   * Accrues the days back to the servers' (new or moved back) `aliveSince`: when a server is
   * found to run, or pushed usage shows it ran earlier than thought, its compute cost from then
   * on is added. Days beyond the daily rollups' retention are left out.
   */
  async accrueHistory(
    servers: ServerRecord[],
    nowMs: number,
    retentionDays: number,
  ): Promise<ComputeCostRow[]> {
    const today = Math.floor(nowMs / 1000 / DAY) * DAY;
    const rows = servers.flatMap(server => {
      if (server.aliveSince === undefined) return [];
      const firstDay = Math.max(
        Math.floor(server.aliveSince / 1000 / DAY) * DAY,
        today - retentionDays * DAY,
      );
      return computeCostRows(
        [server],
        nowMs,
        this.deps.costModel,
        (today - firstDay) / DAY + 1,
      );
    });
    await this.deps.store.upsertComputeCosts(rows);
    return rows;
  }
}

/** The compute cost rows of the open days (or of the last `days` days). */
export function computeCostRows(
  servers: ServerRecord[],
  nowMs: number,
  costModel: CostModel,
  days: number = OPEN_DAYS,
): ComputeCostRow[] {
  const today = Math.floor(nowMs / 1000 / DAY) * DAY;
  const rows: ComputeCostRow[] = [];
  for (const server of servers) {
    // Never seen running: nothing to charge yet.
    if (server.aliveSince === undefined) continue;
    const perHour = costModel.hourlyComputeCost(
      costModel.resourcesOf(server).resources,
    );
    const aliveFrom = server.aliveSince;
    const aliveTo = server.removedAt ?? nowMs;
    for (let i = days - 1; i >= 0; i--) {
      const dayStartMs = (today - i * DAY) * 1000;
      const dayEndMs = Math.min(dayStartMs + DAY * 1000, nowMs);
      const ms = Math.min(dayEndMs, aliveTo) - Math.max(dayStartMs, aliveFrom);
      if (ms <= 0) continue;
      const hours = ms / 3_600_000;
      rows.push({
        dayTs: today - i * DAY,
        serverRef: server.serverRef,
        teamRef: server.teamRef,
        hours,
        cost: hours * perHour,
      });
    }
  }
  return rows;
}

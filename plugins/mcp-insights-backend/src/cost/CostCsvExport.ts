import { COST_CSV_COLUMNS } from '@mcp-platform/plugin-mcp-insights-common';
import { HiddenServers, NOTHING_HIDDEN } from '../access/ServerVisibility';
import {
  ComputeSumRow,
  UsageSumRow,
  UsageSumStore,
} from '../database/InsightsStore';
import { sumObservedUsage } from '../observation/sumObservedUsage';
import { DAY, isoDay } from '../rollups/time';
import { csvCell, money } from './amounts';
import { CostAlertSettings } from './costAlerts';
import { CostModel } from './CostModel';
import { excludedRefs, SpendQueries } from './SpendQueries';
import { teamSet, teamSummaries } from './teamSummaries';

/** One line of the cost CSV before rounding. */
interface CostCsvRow {
  date: string;
  team: string;
  server: string;
  tool: string;
  calls: number;
  errors: number;
  compute: number;
  llm: number;
  other: number;
}

/**
 * The cost CSV: spend per day, owning team and server (`server` level) or tool (`tool` level),
 * for one team (its child groups included) or every team.
 */
export class CostCsvExport {
  constructor(
    private readonly deps: {
      store: UsageSumStore;
      queries: SpendQueries;
      costModel: CostModel;
      alerts: CostAlertSettings;
    },
  ) {}

  /** The CSV of a team's (or every team's, with `team` undefined) spend; undefined for an unknown team. */
  async render(
    team: string | undefined,
    month: string | undefined,
    level: 'server' | 'tool',
    hidden: HiddenServers = NOTHING_HIDDEN,
  ): Promise<string | undefined> {
    const { store, queries } = this.deps;
    const period = queries.period(month);
    let teamRefs: string[] | undefined;
    const excludeServerRefs = excludedRefs(hidden);
    if (team) {
      const data = await queries.load(month, hidden);
      const known = teamSummaries(data, this.deps.costModel, this.deps.alerts);
      if (!known.has(team)) return undefined;
      teamRefs = teamSet(data, team);
    }
    const from = period.monthStart;
    const to = period.endDay + DAY;
    const [usage, tools, compute] = await Promise.all([
      sumObservedUsage(store, {
        table: 'usage_daily',
        measures: 'cost',
        from,
        to,
        teamRefs,
        excludeServerRefs,
        tools: 'all',
        groupBy: ['ts', 'server', 'team'],
      }),
      level === 'tool'
        ? sumObservedUsage(store, {
            table: 'usage_daily',
            measures: 'cost',
            from,
            to,
            teamRefs,
            excludeServerRefs,
            tools: 'each',
            groupBy: ['ts', 'server', 'team', 'tool'],
          })
        : Promise.resolve([]),
      store.sumCompute({
        fromDay: from,
        toDay: to,
        teamRefs,
        excludeServerRefs,
        groupBy: ['day', 'server', 'team'],
      }),
    ]);
    return costCsv(
      costCsvRows({ level, usage, tools, compute }),
      this.deps.costModel.currency,
    );
  }
}

/**
 * The CSV's rows from daily sums per server (`usage`: all-tools rows), per tool (`tools`, `tool`
 * level only) and compute rows. At `tool` level, spend not tied to a tool (and compute) goes to
 * a `(shared)` row per server and day; at `server` level the tool column is `*`.
 */
export function costCsvRows(options: {
  level: 'server' | 'tool';
  usage: UsageSumRow[];
  tools: UsageSumRow[];
  compute: ComputeSumRow[];
}): CostCsvRow[] {
  const { level } = options;
  const rows = new Map<string, CostCsvRow>();
  const rowOf = (
    day: number,
    teamRef: string,
    server: string,
    tool: string,
  ) => {
    const key = `${day}|${teamRef}|${server}|${tool}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        date: isoDay(day),
        team: teamRef,
        server,
        tool,
        calls: 0,
        errors: 0,
        compute: 0,
        llm: 0,
        other: 0,
      };
      rows.set(key, row);
    }
    return row;
  };
  const shared = level === 'tool' ? '(shared)' : '*';
  for (const u of options.usage) {
    const row = rowOf(u.ts!, u.teamRef!, u.serverRef!, shared);
    row.llm += u.tokenCost;
    row.other += u.otherCost;
    if (level === 'server') {
      row.calls += u.calls;
      row.errors += u.errors;
    }
  }
  for (const t of options.tools) {
    const row = rowOf(t.ts!, t.teamRef!, t.serverRef!, t.toolName!);
    row.calls += t.calls;
    row.errors += t.errors;
    row.llm += t.tokenCost;
    row.other += t.otherCost;
    const sharedRow = rowOf(t.ts!, t.teamRef!, t.serverRef!, shared);
    sharedRow.llm -= t.tokenCost;
    sharedRow.other -= t.otherCost;
  }
  for (const c of options.compute) {
    rowOf(c.day!, c.teamRef!, c.serverRef!, shared).compute += c.cost;
  }
  return [...rows.values()].sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      a.team.localeCompare(b.team) ||
      a.server.localeCompare(b.server) ||
      a.tool.localeCompare(b.tool),
  );
}

/** The CSV text of sorted rows: money rounded, never negative, CRLF line ends. */
export function costCsv(rows: CostCsvRow[], currency: string): string {
  const lines = [COST_CSV_COLUMNS.join(',')];
  for (const r of rows) {
    const llm = Math.max(0, r.llm);
    const other = Math.max(0, r.other);
    lines.push(
      [
        r.date,
        r.team,
        r.server,
        r.tool,
        r.calls,
        r.errors,
        money(r.compute),
        money(llm),
        money(other),
        money(r.compute + llm + other),
        currency,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

// Over 400 lines on purpose: list, detail and policy context share one set of window and
// burn-rate sums over the rollups; the SLO math itself is in sloMath.ts.
import {
  BurnDownPoint,
  BurnRateStatus,
  parseSloAnnotation,
  SloListResponse,
  SloObjectiveDetail,
  SloPolicyContext,
  SloServerDetail,
  SloServerSummary,
  SloSource,
  ToolSloStatus,
} from '@mcp-platform/plugin-mcp-insights-common';
import { HiddenServers, NOTHING_HIDDEN } from '../access/ServerVisibility';
import { InsightsSettings } from '../config/readInsightsConfig';
import { TeamHierarchy } from '../cost/TeamHierarchy';
import {
  DirectoryStore,
  ServerRecord,
  UsageQuery,
  UsageSumRow,
  UsageSums,
  UsageSumStore,
} from '../database/InsightsStore';
import { sumObservedUsage } from '../observation/sumObservedUsage';
import { addLatency, emptyLatency } from '../rollups/latencyBuckets';
import { DAY, FIVE_MINUTES, HOUR } from '../rollups/time';
import {
  BURN_WINDOWS,
  BurnWindow,
  budgetRemaining,
  eventsOf,
  evaluateObjective,
  Objective,
  objectivesOf,
  worstStatus,
} from './sloMath';

type Sums = Pick<UsageSums, 'calls' | 'errors' | 'latency'>;

const emptySums = (): Sums => ({
  calls: 0,
  errors: 0,
  latency: emptyLatency(),
});
const addSums = (a: Sums, b: Sums) => {
  a.calls += b.calls;
  a.errors += b.errors;
  addLatency(a.latency, b.latency);
};

/** Windows read from the 5-minute rollups, shortest first, and from the hourly ones. */
const FINE_WINDOWS: BurnWindow[] = ['5m', '30m', '1h', '2h', '6h'];
const COARSE_WINDOWS: BurnWindow[] = ['1d', '3d'];

/** A server's or tool's SLO definition and where it comes from. */
export interface ResolvedSlo {
  definition?: string;
  source?: SloSource;
  error?: string;
  objectives: Objective[];
}

/**
 * SLOs from the rollups. A window of length w at time t covers the current, partial bucket and
 * the w of complete buckets before it: windows under a day use 5-minute buckets, 1d and 3d use
 * hourly ones, and the objective's window (days) uses whole days from the daily rollups plus
 * hours at both ends, so 500 servers cost a few grouped queries. Calls are counted as
 * `sumObservedUsage` counts them: in a bucket where the MCP gateway relayed calls of a server,
 * availability and latency are what the gateway observed, else what the server reported.
 */
export class SloEvaluator {
  constructor(
    private readonly deps: {
      store: DirectoryStore & UsageSumStore;
      settings: InsightsSettings['slo'];
      now?: () => number;
    },
  ) {}

  /** The SLO of a server: its annotation, else config; tools use their own config entry if any. */
  resolve(server: ServerRecord, tool?: string): ResolvedSlo {
    const configured = (t?: string) =>
      this.deps.settings.objectives.find(
        o => o.server === server.serverRef && o.tool === t,
      );
    if (tool) {
      const entry = configured(tool);
      if (entry) return this.parse(entry.objectives, 'config');
    }
    if (server.sloAnnotation)
      return this.parse(server.sloAnnotation, 'annotation');
    const entry = configured(undefined);
    if (entry) return this.parse(entry.objectives, 'config');
    return { objectives: [] };
  }

  /** SLO status of the catalogued servers, without those in `hidden` (the caller's unseen). */
  async list(
    options: {
      /** Only the servers of this team and the groups below it. */
      team?: string;
      status?: BurnRateStatus;
      hidden?: HiddenServers;
    } = {},
  ): Promise<SloListResponse> {
    const now = this.now();
    let servers = await this.deps.store.listServers();
    if (options.team) {
      const hierarchy = new TeamHierarchy(await this.deps.store.listTeams());
      const teams = new Set(
        hierarchy.has(options.team)
          ? hierarchy.withDescendants(options.team)
          : [options.team],
      );
      servers = servers.filter(s => teams.has(s.teamRef));
    }
    const { hidden } = options;
    if (hidden?.refs.size)
      servers = servers.filter(s => !hidden.has(s.serverRef));
    const summaries = await this.summarize(servers, now);
    const items = options.status
      ? summaries.filter(
          s => s.objectives.length && s.status === options.status,
        )
      : summaries;
    const counts = { page: 0, ticket: 0, ok: 0, noSlo: 0 };
    for (const s of summaries) {
      if (!s.objectives.length) counts.noSlo++;
      else counts[s.status]++;
    }
    return {
      asOf: new Date(now).toISOString(),
      counts,
      items: sortByBudget(items),
    };
  }

  /** One server with per-tool SLOs and burn-down; undefined for an unknown server. */
  async detail(serverRef: string): Promise<SloServerDetail | undefined> {
    const now = this.now();
    const server = (
      await this.deps.store.listServers({ includeRemoved: true })
    ).find(s => s.serverRef === serverRef);
    if (!server) return undefined;
    const [summary] = await this.summarize([server], now);
    const slo = this.resolve(server);

    const objectives: SloObjectiveDetail[] = [];
    for (const status of summary.objectives) {
      const objective = slo.objectives.find(o => o.id === status.id)!;
      objectives.push({
        ...status,
        burnDown: await this.burnDown(server.serverRef, objective, now),
      });
    }

    // Tools: sums per tool for every window the tools' objectives need.
    const toolQuery: Omit<UsageQuery, 'table'> = {
      from: dayStart(now) - 90 * DAY,
      serverRefs: [serverRef],
      tools: 'each',
      groupBy: ['tool'],
      measures: 'cost',
    };
    const toolNames = [
      ...new Set(
        (
          await Promise.all([
            this.deps.store.sumUsage({ ...toolQuery, table: 'usage_daily' }),
            this.deps.store.sumUsage({ ...toolQuery, table: 'gateway_daily' }),
          ])
        )
          .flat()
          .map(r => r.toolName!),
      ),
    ].sort();
    const toolSlos = toolNames.map(tool => ({
      tool,
      slo: this.resolve(server, tool),
    }));
    const windowDays = [
      ...new Set(
        toolSlos.flatMap(t => t.slo.objectives.map(o => o.windowDays)),
      ),
    ];
    const windowSums = new Map<number, Map<string, Sums>>();
    for (const days of windowDays) {
      windowSums.set(
        days,
        await this.windowSums(days, now, [serverRef], 'each', 'tool'),
      );
    }
    const burnSums = await this.burnSums(now, [serverRef], 'each', 'tool');
    const tools: ToolSloStatus[] = toolSlos
      .filter(t => t.slo.objectives.length)
      .map(({ tool, slo: toolSlo }) => {
        const statuses = toolSlo.objectives.map(o =>
          evaluateObjective(
            o,
            windowSums.get(o.windowDays)?.get(tool) ?? emptySums(),
            burnSums.get(tool) ?? emptyBurnSums(),
          ),
        );
        const longest = Math.max(...toolSlo.objectives.map(o => o.windowDays));
        return {
          tool,
          source: toolSlo.source!,
          objectives: statuses,
          errorBudgetRemaining: lowest(
            statuses.map(s => s.errorBudgetRemaining),
          ),
          status: worstStatus(statuses.map(s => s.status)),
          calls: windowSums.get(longest)?.get(tool)?.calls ?? 0,
        };
      });
    tools.sort(
      (a, b) =>
        (a.errorBudgetRemaining ?? 2) - (b.errorBudgetRemaining ?? 2) ||
        a.tool.localeCompare(b.tool),
    );
    return { ...summary, asOf: new Date(now).toISOString(), objectives, tools };
  }

  /** What the policy engine sees under `context.slo`. */
  /** What the policy engine sees; a server in `hidden` is answered as unknown. */
  async policyContext(
    serverRef: string,
    hidden: HiddenServers = NOTHING_HIDDEN,
  ): Promise<SloPolicyContext> {
    const server = hidden.has(serverRef)
      ? undefined
      : (await this.deps.store.listServers()).find(
          s => s.serverRef === serverRef,
        );
    if (!server)
      return { server: serverRef, known: false, errorBudgetRemaining: null };
    const [summary] = await this.summarize([server], this.now());
    return {
      server: serverRef,
      known: true,
      errorBudgetRemaining: summary.errorBudgetRemaining,
    };
  }

  private now() {
    return (this.deps.now ?? Date.now)();
  }

  private parse(value: string, source: SloSource): ResolvedSlo {
    try {
      return {
        definition: value,
        source,
        objectives: objectivesOf(parseSloAnnotation(value)),
      };
    } catch (error) {
      return {
        definition: value,
        source,
        error: (error as Error).message,
        objectives: [],
      };
    }
  }

  private async summarize(
    servers: ServerRecord[],
    now: number,
  ): Promise<SloServerSummary[]> {
    const resolved = servers.map(server => ({
      server,
      slo: this.resolve(server),
    }));
    const withSlo = resolved.filter(r => r.slo.objectives.length);
    const refs = withSlo.map(r => r.server.serverRef);
    // For many servers, reading every server's rows beats a long IN list; extra rows are ignored.
    const filter = (serverRefs: string[]) =>
      serverRefs.length > 50 ? undefined : serverRefs;
    const windowSums = new Map<number, Map<string, Sums>>();
    const burnSums = refs.length
      ? await this.burnSums(now, filter(refs), 'all', 'server')
      : new Map<string, Record<BurnWindow, Sums>>();
    for (const days of new Set(
      withSlo.flatMap(r => r.slo.objectives.map(o => o.windowDays)),
    )) {
      const inWindow = withSlo
        .filter(r => r.slo.objectives.some(o => o.windowDays === days))
        .map(r => r.server.serverRef);
      windowSums.set(
        days,
        await this.windowSums(days, now, filter(inWindow), 'all', 'server'),
      );
    }
    return resolved.map(({ server, slo }) => {
      const objectives = slo.objectives.map(o =>
        evaluateObjective(
          o,
          windowSums.get(o.windowDays)?.get(server.serverRef) ?? emptySums(),
          burnSums.get(server.serverRef) ?? emptyBurnSums(),
        ),
      );
      const longest = slo.objectives.length
        ? Math.max(...slo.objectives.map(o => o.windowDays))
        : undefined;
      return {
        serverRef: server.serverRef,
        name: server.name,
        title: server.title,
        team: server.teamRef,
        definition: slo.definition,
        source: slo.source,
        definitionError: slo.error,
        objectives,
        errorBudgetRemaining: lowest(
          objectives.map(o => o.errorBudgetRemaining),
        ),
        status: worstStatus(objectives.map(o => o.status)),
        calls:
          longest === undefined
            ? 0
            : windowSums.get(longest)?.get(server.serverRef)?.calls ?? 0,
      };
    });
  }

  /**
   * Sums over the last `days` days (the current hour included), per server or per tool: whole
   * days from the daily rollups, the hours before the first whole day and of today from hourly.
   */
  private async windowSums(
    days: number,
    now: number,
    serverRefs: string[] | undefined,
    tools: UsageQuery['tools'],
    by: 'server' | 'tool',
  ): Promise<Map<string, Sums>> {
    const from = hourStart(now) - days * DAY;
    const firstWholeDay = Math.ceil(from / DAY) * DAY;
    const today = dayStart(now);
    const base = { serverRefs, tools, groupBy: [by] as UsageQuery['groupBy'] };
    const parts: UsageSumRow[][] = [];
    if (firstWholeDay < today) {
      parts.push(
        await sumObservedUsage(this.deps.store, {
          ...base,
          table: 'usage_daily',
          from: firstWholeDay,
          to: today,
        }),
      );
      if (from < firstWholeDay) {
        parts.push(
          await sumObservedUsage(this.deps.store, {
            ...base,
            table: 'usage_hourly',
            from,
            to: firstWholeDay,
          }),
        );
      }
      parts.push(
        await sumObservedUsage(this.deps.store, {
          ...base,
          table: 'usage_hourly',
          from: today,
        }),
      );
    } else {
      parts.push(
        await sumObservedUsage(this.deps.store, {
          ...base,
          table: 'usage_hourly',
          from,
        }),
      );
    }
    const result = new Map<string, Sums>();
    for (const row of parts.flat()) {
      const key = (by === 'server' ? row.serverRef : row.toolName)!;
      const sums = result.get(key) ?? emptySums();
      addSums(sums, row);
      result.set(key, sums);
    }
    return result;
  }

  /** Sums of every burn-rate window, per server or per tool, in two banded queries. */
  private async burnSums(
    now: number,
    serverRefs: string[] | undefined,
    tools: UsageQuery['tools'],
    by: 'server' | 'tool',
  ): Promise<Map<string, Record<BurnWindow, Sums>>> {
    const fine = Math.floor(now / 1000 / FIVE_MINUTES) * FIVE_MINUTES;
    const hour = hourStart(now);
    const [fineRows, coarseRows] = await Promise.all([
      sumObservedUsage(this.deps.store, {
        table: 'usage_5m',
        from: fine - BURN_WINDOWS['6h'],
        serverRefs,
        tools,
        groupBy: [by],
        bands: FINE_WINDOWS.map(w => fine - BURN_WINDOWS[w]),
      }),
      sumObservedUsage(this.deps.store, {
        table: 'usage_hourly',
        from: hour - BURN_WINDOWS['3d'],
        serverRefs,
        tools,
        groupBy: [by],
        bands: COARSE_WINDOWS.map(w => hour - BURN_WINDOWS[w]),
      }),
    ]);
    const result = new Map<string, Record<BurnWindow, Sums>>();
    const accumulate = (rows: UsageSumRow[], windows: BurnWindow[]) => {
      for (const row of rows) {
        const key = (by === 'server' ? row.serverRef : row.toolName)!;
        const sums = result.get(key) ?? emptyBurnSums();
        // Band i holds the rows only in windows i and longer.
        for (let w = row.band!; w < windows.length; w++)
          addSums(sums[windows[w]], row);
        result.set(key, sums);
      }
    };
    accumulate(fineRows, FINE_WINDOWS);
    accumulate(coarseRows, COARSE_WINDOWS);
    return result;
  }

  /** Budget left over time since the window start, at up to 180 points. */
  private async burnDown(
    serverRef: string,
    objective: Objective,
    now: number,
  ): Promise<BurnDownPoint[]> {
    const from = hourStart(now) - objective.windowDays * DAY;
    const rows = await sumObservedUsage(this.deps.store, {
      table: 'usage_hourly',
      from,
      serverRefs: [serverRef],
      tools: 'all',
      groupBy: ['ts'],
    });
    const perHour = new Map(rows.map(r => [r.ts!, eventsOf(objective, r)]));
    const total = [...perHour.values()].reduce(
      (s, e) => ({ total: s.total + e.total, bad: s.bad + e.bad }),
      { total: 0, bad: 0 },
    );
    if (!(total.total > 0)) return [];
    const hours = objective.windowDays * 24 + 1;
    const step = Math.max(1, Math.ceil(hours / 180));
    const points: BurnDownPoint[] = [];
    let bad = 0;
    for (let h = 0; h < hours; h++) {
      bad += perHour.get(from + h * HOUR)?.bad ?? 0;
      if ((h + 1) % step === 0 || h === hours - 1) {
        const end = Math.min(from + (h + 1) * HOUR, now / 1000);
        points.push({
          timestamp: new Date(end * 1000).toISOString(),
          remaining: budgetRemaining(objective, { total: total.total, bad })!,
          ideal: Math.max(0, 1 - (end - from) / (objective.windowDays * DAY)),
        });
      }
    }
    return points;
  }
}

function hourStart(ms: number) {
  return Math.floor(ms / 1000 / HOUR) * HOUR;
}

function dayStart(ms: number) {
  return Math.floor(ms / 1000 / DAY) * DAY;
}

function emptyBurnSums(): Record<BurnWindow, Sums> {
  return Object.fromEntries(
    (Object.keys(BURN_WINDOWS) as BurnWindow[]).map(w => [w, emptySums()]),
  ) as Record<BurnWindow, Sums>;
}

function lowest(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? Math.min(...known) : null;
}

function sortByBudget(items: SloServerSummary[]): SloServerSummary[] {
  return [...items].sort(
    (a, b) =>
      (a.errorBudgetRemaining ?? 2) - (b.errorBudgetRemaining ?? 2) ||
      a.name.localeCompare(b.name),
  );
}

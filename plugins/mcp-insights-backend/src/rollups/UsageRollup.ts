// Over 400 lines on purpose: the in-memory cells, their serialised form (pending batches) and
// the rows of every rollup table are one format and change together.
import { ALL_TOOLS } from '@mcp-platform/plugin-mcp-insights-common';
import { emptyLatency, LATENCY_COLUMNS, LatencyCounts } from './latencyBuckets';
import { bucketStart, DAY, FIVE_MINUTES, HOUR } from './time';
import { UsageIncrement } from './UsageIncrement';

/** Bytes and estimated tokens of gateway-observed calls. */
interface Traffic {
  requestBytes: number;
  responseBytes: number;
  estimatedInputTokens: number;
  estimatedOutputTokens: number;
}

/**
 * Usage of one tool (or of no tool: `''`) of one server and team in one 5-minute bucket, as the
 * server reported it, or as the gateway observed it for one consuming team.
 */
interface Cell {
  bucket: number;
  serverRef: string;
  toolName: string;
  teamRef: string;
  calls: number;
  errors: number;
  durationSumMs: number;
  latency: LatencyCounts;
  otherCost: number;
  /** model → [input, output, cached, cost] */
  tokens: Map<string, [number, number, number, number]>;
  /** Set on cells of gateway-observed calls. */
  gateway?: Traffic & { consumerTeamRef: string };
}

/**
 * A cell as stored in a pending batch: positional, to keep the JSON small. Gateway cells append
 * the consuming team, bytes and estimated tokens; batches staged before they existed have 10.
 */
type SerializedCell = [
  number,
  string,
  string,
  string,
  number,
  number,
  number,
  number[],
  number,
  [string, number, number, number, number][],
  string?,
  number?,
  number?,
  number?,
  number?,
];

/** A row to add to a rollup table: key columns plus the amounts to add. */
export type RollupRow = Record<string, string | number>;

/** Rows of each rollup table, ready to be added with upserts. */
export interface RollupRows {
  usage5m: RollupRow[];
  usageHourly: RollupRow[];
  usageDaily: RollupRow[];
  tokensHourly: RollupRow[];
  tokensDaily: RollupRow[];
  gateway5m: RollupRow[];
  gatewayHourly: RollupRow[];
  gatewayDaily: RollupRow[];
}

const SEP = '\u0000';

/** Code-unit order, the same in every locale. */
function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Aggregates usage before anything is written, so thousands of events cost a handful of
 * upserts. Increments are first summed per 5-minute bucket, server, tool and team (one map
 * update each); the rows of every table are derived from those cells: each lands in its tool's
 * row and in the server's all-tools (`*`) row, at 5-minute (when recent enough), hourly and
 * daily level, and token rows per model. Calls the gateway observed go to the gateway tables
 * instead, the hourly and daily ones per consuming team. Cells serialize to compact JSON, so
 * pushed batches can be staged and folded together later.
 */
export class UsageRollup {
  private readonly cells = new Map<string, Cell>();

  get size(): number {
    return this.cells.size;
  }

  add(increment: UsageIncrement): void {
    const bucket = bucketStart(increment.timestampMs, FIVE_MINUTES);
    const gateway = increment.gateway;
    const cell = this.cellOf(
      bucket,
      increment.serverRef,
      increment.toolName ?? '',
      increment.teamRef,
      gateway?.consumerTeamRef,
    );
    if (gateway) {
      const traffic = cell.gateway!;
      traffic.requestBytes += gateway.requestBytes;
      traffic.responseBytes += gateway.responseBytes;
      traffic.estimatedInputTokens += gateway.estimatedInputTokens;
      traffic.estimatedOutputTokens += gateway.estimatedOutputTokens;
    }
    cell.calls += increment.calls;
    cell.errors += increment.errors;
    cell.durationSumMs += increment.durationSumMs;
    cell.otherCost += increment.otherCost;
    const latency = increment.latency;
    if (latency) {
      for (let i = 0; i < latency.length; i++) cell.latency[i] += latency[i];
    }
    for (const t of increment.tokens ?? []) {
      const sums = cell.tokens.get(t.model);
      if (sums) {
        sums[0] += t.input;
        sums[1] += t.output;
        sums[2] += t.cached;
        sums[3] += t.cost;
      } else cell.tokens.set(t.model, [t.input, t.output, t.cached, t.cost]);
    }
  }

  /** The cells as JSON, for a pending batch. */
  serialize(): string {
    const out: SerializedCell[] = [];
    for (const c of this.cells.values()) {
      const cell: SerializedCell = [
        c.bucket,
        c.serverRef,
        c.toolName,
        c.teamRef,
        c.calls,
        c.errors,
        c.durationSumMs,
        c.latency,
        c.otherCost,
        [...c.tokens].map(([model, s]) => [model, s[0], s[1], s[2], s[3]]),
      ];
      const g = c.gateway;
      if (g) {
        cell.push(
          g.consumerTeamRef,
          g.requestBytes,
          g.responseBytes,
          g.estimatedInputTokens,
          g.estimatedOutputTokens,
        );
      }
      out.push(cell);
    }
    return JSON.stringify(out);
  }

  /** Adds the cells of a serialized rollup. */
  merge(serialized: string): void {
    for (const [
      bucket,
      serverRef,
      toolName,
      teamRef,
      calls,
      errors,
      durationSumMs,
      latency,
      otherCost,
      tokens,
      consumerTeamRef,
      requestBytes,
      responseBytes,
      estimatedInputTokens,
      estimatedOutputTokens,
    ] of JSON.parse(serialized) as SerializedCell[]) {
      this.add({
        timestampMs: bucket * 1000,
        serverRef,
        toolName: toolName || undefined,
        teamRef,
        calls,
        errors,
        durationSumMs,
        latency,
        otherCost,
        tokens: tokens.map(([model, input, output, cached, cost]) => ({
          model,
          input,
          output,
          cached,
          cost,
        })),
        gateway:
          consumerTeamRef === undefined
            ? undefined
            : {
                consumerTeamRef,
                requestBytes: requestBytes ?? 0,
                responseBytes: responseBytes ?? 0,
                estimatedInputTokens: estimatedInputTokens ?? 0,
                estimatedOutputTokens: estimatedOutputTokens ?? 0,
              },
      });
    }
  }

  /**
   * The rows of every table, each sorted by key so concurrent writers lock rows in the same
   * order. 5-minute rows are left out for buckets before `fineSinceMs` (past their retention).
   */
  rows(fineSinceMs: number): RollupRows {
    const fineSince = fineSinceMs / 1000;
    type Sums = {
      calls: number;
      errors: number;
      durationSumMs: number;
      latency: LatencyCounts;
      tokenCost: number;
      otherCost: number;
      traffic: Traffic;
    };
    const usage = {
      usage5m: new Map<string, Sums>(),
      usageHourly: new Map<string, Sums>(),
      usageDaily: new Map<string, Sums>(),
    };
    const gateway = {
      gateway5m: new Map<string, Sums>(),
      gatewayHourly: new Map<string, Sums>(),
      gatewayDaily: new Map<string, Sums>(),
    };
    const tokens = {
      tokensHourly: new Map<string, [number, number, number, number]>(),
      tokensDaily: new Map<string, [number, number, number, number]>(),
    };
    const addTo = (
      map: Map<string, Sums>,
      key: string,
      c: Cell,
      tokenCost: number,
    ) => {
      let s = map.get(key);
      if (!s) {
        s = {
          calls: 0,
          errors: 0,
          durationSumMs: 0,
          latency: emptyLatency(),
          tokenCost: 0,
          otherCost: 0,
          traffic: {
            requestBytes: 0,
            responseBytes: 0,
            estimatedInputTokens: 0,
            estimatedOutputTokens: 0,
          },
        };
        map.set(key, s);
      }
      s.calls += c.calls;
      s.errors += c.errors;
      s.durationSumMs += c.durationSumMs;
      for (let i = 0; i < c.latency.length; i++) s.latency[i] += c.latency[i];
      s.tokenCost += tokenCost;
      s.otherCost += c.otherCost;
      const g = c.gateway;
      if (g) {
        s.traffic.requestBytes += g.requestBytes;
        s.traffic.responseBytes += g.responseBytes;
        s.traffic.estimatedInputTokens += g.estimatedInputTokens;
        s.traffic.estimatedOutputTokens += g.estimatedOutputTokens;
      }
    };
    const addTokens = (
      map: Map<string, [number, number, number, number]>,
      key: string,
      t: [number, number, number, number],
    ) => {
      const s = map.get(key);
      if (s) {
        for (let i = 0; i < 4; i++) s[i] += t[i];
      } else map.set(key, [...t]);
    };

    for (const c of this.cells.values()) {
      const hour = Math.floor(c.bucket / HOUR) * HOUR;
      const day = Math.floor(c.bucket / DAY) * DAY;
      if (c.gateway) {
        const consumer = c.gateway.consumerTeamRef;
        for (const tool of c.toolName ? [c.toolName, ALL_TOOLS] : [ALL_TOOLS]) {
          const serverTool = `${c.serverRef}${SEP}${tool}`;
          const teams = `${c.teamRef}${SEP}${consumer}`;
          if (c.bucket >= fineSince) {
            addTo(gateway.gateway5m, `${c.bucket}${SEP}${serverTool}`, c, 0);
          }
          addTo(
            gateway.gatewayHourly,
            `${hour}${SEP}${serverTool}${SEP}${teams}`,
            c,
            0,
          );
          addTo(
            gateway.gatewayDaily,
            `${day}${SEP}${serverTool}${SEP}${teams}`,
            c,
            0,
          );
        }
        continue;
      }
      let tokenCost = 0;
      for (const t of c.tokens.values()) tokenCost += t[3];
      const tools = c.toolName ? [c.toolName, ALL_TOOLS] : [ALL_TOOLS];
      for (const tool of tools) {
        const serverTool = `${c.serverRef}${SEP}${tool}`;
        if (c.bucket >= fineSince) {
          addTo(usage.usage5m, `${c.bucket}${SEP}${serverTool}`, c, 0);
        }
        addTo(
          usage.usageHourly,
          `${hour}${SEP}${serverTool}${SEP}${c.teamRef}`,
          c,
          0,
        );
        addTo(
          usage.usageDaily,
          `${day}${SEP}${serverTool}${SEP}${c.teamRef}`,
          c,
          tokenCost,
        );
      }
      for (const [model, t] of c.tokens) {
        const rest = `${c.serverRef}${SEP}${c.toolName}${SEP}${c.teamRef}${SEP}${model}`;
        addTokens(tokens.tokensHourly, `${hour}${SEP}${rest}`, t);
        addTokens(tokens.tokensDaily, `${day}${SEP}${rest}`, t);
      }
    }

    const usageRows = (
      map: Map<string, Sums>,
      keyColumns: string[],
      withCosts: boolean,
      withTraffic = false,
    ) =>
      [...map.entries()]
        .sort(([a], [b]) => compareKeys(a, b))
        .map(([key, s]) => {
          const row: RollupRow = {};
          key.split(SEP).forEach((v, i) => {
            row[keyColumns[i]] = i === 0 ? Number(v) : v;
          });
          row.calls = s.calls;
          row.errors = s.errors;
          row.duration_sum_ms = s.durationSumMs;
          LATENCY_COLUMNS.forEach((column, i) => {
            row[column] = s.latency[i];
          });
          if (withCosts) {
            row.token_cost = s.tokenCost;
            row.other_cost = s.otherCost;
          }
          if (withTraffic) {
            row.request_bytes = s.traffic.requestBytes;
            row.response_bytes = s.traffic.responseBytes;
            row.estimated_input_tokens = s.traffic.estimatedInputTokens;
            row.estimated_output_tokens = s.traffic.estimatedOutputTokens;
          }
          return row;
        });
    const tokenRows = (
      map: Map<string, [number, number, number, number]>,
      tsColumn: string,
    ) =>
      [...map.entries()]
        .sort(([a], [b]) => compareKeys(a, b))
        .map(([key, t]) => {
          const [ts, server, tool, team, model] = key.split(SEP);
          return {
            [tsColumn]: Number(ts),
            server_ref: server,
            tool_name: tool,
            team_ref: team,
            model,
            input_tokens: t[0],
            output_tokens: t[1],
            cached_tokens: t[2],
            cost: t[3],
          };
        });
    return {
      usage5m: usageRows(
        usage.usage5m,
        ['bucket_ts', 'server_ref', 'tool_name'],
        false,
      ),
      usageHourly: usageRows(
        usage.usageHourly,
        ['hour_ts', 'server_ref', 'tool_name', 'team_ref'],
        false,
      ),
      usageDaily: usageRows(
        usage.usageDaily,
        ['day_ts', 'server_ref', 'tool_name', 'team_ref'],
        true,
      ),
      tokensHourly: tokenRows(tokens.tokensHourly, 'hour_ts'),
      tokensDaily: tokenRows(tokens.tokensDaily, 'day_ts'),
      gateway5m: usageRows(
        gateway.gateway5m,
        ['bucket_ts', 'server_ref', 'tool_name'],
        false,
      ),
      gatewayHourly: usageRows(
        gateway.gatewayHourly,
        ['hour_ts', 'server_ref', 'tool_name', 'team_ref', 'consumer_team_ref'],
        false,
        true,
      ),
      gatewayDaily: usageRows(
        gateway.gatewayDaily,
        ['day_ts', 'server_ref', 'tool_name', 'team_ref', 'consumer_team_ref'],
        false,
        true,
      ),
    };
  }

  private cellOf(
    bucket: number,
    serverRef: string,
    toolName: string,
    teamRef: string,
    consumerTeamRef: string | undefined,
  ): Cell {
    let key = `${bucket}${SEP}${serverRef}${SEP}${toolName}${SEP}${teamRef}`;
    if (consumerTeamRef !== undefined)
      key += `${SEP}gateway${SEP}${consumerTeamRef}`;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = {
        bucket,
        serverRef,
        toolName,
        teamRef,
        calls: 0,
        errors: 0,
        durationSumMs: 0,
        latency: emptyLatency(),
        otherCost: 0,
        tokens: new Map(),
        gateway:
          consumerTeamRef === undefined
            ? undefined
            : {
                consumerTeamRef,
                requestBytes: 0,
                responseBytes: 0,
                estimatedInputTokens: 0,
                estimatedOutputTokens: 0,
              },
      };
      this.cells.set(key, cell);
    }
    return cell;
  }
}

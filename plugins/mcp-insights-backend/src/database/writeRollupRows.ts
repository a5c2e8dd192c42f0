import { Knex } from 'knex';
import { RollupRow, RollupRows, UsageRollup } from '../rollups/UsageRollup';
import { UsageIncrement } from '../rollups/UsageIncrement';
import { ColumnType, upsertAdding } from './bulkWrites';
import {
  compareIds,
  T,
  TRAFFIC_SUM_COLUMNS,
  USAGE_SUM_COLUMNS,
} from './insightsTables';

/** Adds usage increments to every rollup level, in the caller's transaction. */
export async function writeIncrements(
  trx: Knex.Transaction,
  increments: UsageIncrement[],
  fineSinceMs: number,
) {
  if (increments.length === 0) return;
  const rollup = new UsageRollup();
  for (const increment of increments) rollup.add(increment);
  await writeRollupRows(trx, rollup.rows(fineSinceMs));
}

/**
 * Adds rolled-up rows to every rollup table (and the per-team daily sums of the all-tools daily
 * rows), in the caller's transaction. Each upsert adds to what is stored, so concurrent writers
 * never lose each other's counts.
 */
export async function writeRollupRows(trx: Knex.Transaction, rows: RollupRows) {
  const usageSums = USAGE_SUM_COLUMNS.map((c): [string, ColumnType] => [
    c,
    c === 'calls' || c === 'errors' ? 'bigint' : 'float8',
  ]);
  const tokenSums: [string, ColumnType][] = [
    ['input_tokens', 'bigint'],
    ['output_tokens', 'bigint'],
    ['cached_tokens', 'bigint'],
    ['cost', 'float8'],
  ];
  const serverTool: [string, ColumnType][] = [
    ['server_ref', 'text'],
    ['tool_name', 'text'],
  ];
  await upsertAdding(trx, {
    table: T.usage5m,
    keys: [['bucket_ts', 'bigint'], ...serverTool],
    sums: usageSums,
    rows: rows.usage5m,
  });
  await upsertAdding(trx, {
    table: T.usageHourly,
    keys: [['hour_ts', 'bigint'], ...serverTool, ['team_ref', 'text']],
    sums: usageSums,
    rows: rows.usageHourly,
  });
  await upsertAdding(trx, {
    table: T.usageDaily,
    keys: [['day_ts', 'bigint'], ...serverTool, ['team_ref', 'text']],
    sums: [...usageSums, ['token_cost', 'float8'], ['other_cost', 'float8']],
    rows: rows.usageDaily,
  });
  const teamDays = new Map<string, RollupRow>();
  for (const row of rows.usageDaily) {
    if (row.tool_name !== '*') continue;
    const key = `${row.day_ts}\u0000${row.team_ref}`;
    const sum = teamDays.get(key) ?? {
      day_ts: row.day_ts,
      team_ref: row.team_ref,
      calls: 0,
      errors: 0,
      token_cost: 0,
      other_cost: 0,
    };
    for (const c of ['calls', 'errors', 'token_cost', 'other_cost']) {
      sum[c] = (sum[c] as number) + (row[c] as number);
    }
    teamDays.set(key, sum);
  }
  await upsertAdding(trx, {
    table: T.teamDaily,
    keys: [
      ['day_ts', 'bigint'],
      ['team_ref', 'text'],
    ],
    sums: [
      ['calls', 'bigint'],
      ['errors', 'bigint'],
      ['token_cost', 'float8'],
      ['other_cost', 'float8'],
    ],
    rows: [...teamDays.entries()]
      .sort(([a], [b]) => compareIds(a, b))
      .map(([, row]) => row),
  });
  await upsertAdding(trx, {
    table: T.tokensHourly,
    keys: [
      ['hour_ts', 'bigint'],
      ...serverTool,
      ['team_ref', 'text'],
      ['model', 'text'],
    ],
    sums: tokenSums,
    rows: rows.tokensHourly,
  });
  await upsertAdding(trx, {
    table: T.tokensDaily,
    keys: [
      ['day_ts', 'bigint'],
      ...serverTool,
      ['team_ref', 'text'],
      ['model', 'text'],
    ],
    sums: tokenSums,
    rows: rows.tokensDaily,
  });
  const teams: [string, ColumnType][] = [
    ['team_ref', 'text'],
    ['consumer_team_ref', 'text'],
  ];
  const trafficSums = TRAFFIC_SUM_COLUMNS.map((c): [string, ColumnType] => [
    c,
    'bigint',
  ]);
  await upsertAdding(trx, {
    table: T.gateway5m,
    keys: [['bucket_ts', 'bigint'], ...serverTool],
    sums: usageSums,
    rows: rows.gateway5m,
  });
  await upsertAdding(trx, {
    table: T.gatewayHourly,
    keys: [['hour_ts', 'bigint'], ...serverTool, ...teams],
    sums: [...usageSums, ...trafficSums],
    rows: rows.gatewayHourly,
  });
  await upsertAdding(trx, {
    table: T.gatewayDaily,
    keys: [['day_ts', 'bigint'], ...serverTool, ...teams],
    sums: [...usageSums, ...trafficSums],
    rows: rows.gatewayDaily,
  });
}

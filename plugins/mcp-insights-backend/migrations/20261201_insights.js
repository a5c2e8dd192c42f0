// @ts-check

/*
 * Storage of MCP insights. Times are epoch seconds (UTC) at the start of their bucket: 5 minutes
 * (burn-rate windows up to 6h), hours (the rollups) and days (reports). Latency histograms are
 * stored as cumulative counts at fixed boundaries (`le_<ms>` columns, `le_inf` = all timed calls)
 * so every aggregation stays a SQL SUM. Tool `*` rows hold a server's totals over all its tools.
 */

/** Upper bounds of the latency buckets in ms; keep in step with src/rollups/latencyBuckets.ts. */
const LATENCY_BOUNDS_MS = [
  5, 10, 25, 50, 100, 250, 500, 1000, 1500, 2000, 2500, 3000, 5000, 10000,
  30000,
];

/** @param {import('knex').Knex.CreateTableBuilder} table */
function usageColumns(table) {
  table.bigInteger('calls').notNullable().defaultTo(0);
  table.bigInteger('errors').notNullable().defaultTo(0);
  table.double('duration_sum_ms').notNullable().defaultTo(0);
  for (const bound of LATENCY_BOUNDS_MS) {
    table.double(`le_${bound}`).notNullable().defaultTo(0);
  }
  table.double('le_inf').notNullable().defaultTo(0);
}

/**
 * A usage rollup table, keyed so that what reports read for every server sits together: the
 * 5-minute and hourly tables by tool then time (SLO queries read the all-tools `*` rows of a
 * time range), the daily table by time then tool (cost reports read every tool of a month).
 * On SQLite the table is clustered on that key (WITHOUT ROWID): such a range is one sequential
 * read.
 * @param {import('knex').Knex} knex
 * @param {string} name
 * @param {string} ts
 * @param {{ team: boolean, costs: boolean, timeFirst: boolean }} options
 */
async function createUsageTable(knex, name, ts, options) {
  const key = [
    ...(options.timeFirst ? [ts, 'tool_name'] : ['tool_name', ts]),
    'server_ref',
    ...(options.team ? ['team_ref'] : []),
  ];
  const client = String(knex.client.config.client);
  if (client === 'better-sqlite3' || client === 'sqlite3') {
    const columns = [
      `${ts} bigint not null`,
      'server_ref varchar(500) not null',
      'tool_name varchar(255) not null',
      ...(options.team ? ['team_ref varchar(500) not null'] : []),
      'calls bigint not null default 0',
      'errors bigint not null default 0',
      'duration_sum_ms double precision not null default 0',
      ...LATENCY_BOUNDS_MS.map(
        b => `le_${b} double precision not null default 0`,
      ),
      'le_inf double precision not null default 0',
      ...(options.costs
        ? [
            'token_cost double precision not null default 0',
            'other_cost double precision not null default 0',
          ]
        : []),
    ];
    await knex.raw(
      `CREATE TABLE ${name} (${columns.join(', ')}, PRIMARY KEY (${key.join(
        ', ',
      )})) WITHOUT ROWID`,
    );
    return;
  }
  await knex.schema.createTable(name, table => {
    table.bigInteger(ts).notNullable();
    table.string('server_ref', 500).notNullable();
    table.string('tool_name', 255).notNullable();
    if (options.team) table.string('team_ref', 500).notNullable();
    usageColumns(table);
    if (options.costs) {
      table.double('token_cost').notNullable().defaultTo(0);
      table.double('other_cost').notNullable().defaultTo(0);
    }
    table.primary(key);
  });
}

/** @param {import('knex').Knex.CreateTableBuilder} table */
function tokenColumns(table) {
  table.string('model', 200).notNullable();
  table.bigInteger('input_tokens').notNullable().defaultTo(0);
  table.bigInteger('output_tokens').notNullable().defaultTo(0);
  table.bigInteger('cached_tokens').notNullable().defaultTo(0);
  table.double('cost').notNullable().defaultTo(0);
}

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('mcp_insights_servers', table => {
    table.string('server_ref', 500).primary();
    table.string('name', 255).notNullable();
    table.string('title', 500).nullable();
    table.string('team_ref', 500).notNullable();
    table.text('slo_annotation').nullable();
    table.text('resources_annotation').nullable();
    table.text('metrics_url').nullable();
    table.bigInteger('first_seen_at').notNullable();
    table.bigInteger('last_seen_at').notNullable();
    table.bigInteger('removed_at').nullable();
    table.index(['name'], 'mcp_insights_servers_name_idx');
  });

  await knex.schema.createTable('mcp_insights_teams', table => {
    table.string('team_ref', 500).primary();
    table.string('title', 500).nullable();
    table.string('parent_ref', 500).nullable();
    table.text('budget_annotation').nullable();
  });

  await createUsageTable(knex, 'mcp_insights_usage_5m', 'bucket_ts', {
    team: false,
    costs: false,
    timeFirst: false,
  });
  await createUsageTable(knex, 'mcp_insights_usage_hourly', 'hour_ts', {
    team: true,
    costs: false,
    timeFirst: false,
  });
  await createUsageTable(knex, 'mcp_insights_usage_daily', 'day_ts', {
    team: true,
    costs: true,
    timeFirst: true,
  });
  for (const [table, ts] of [
    ['mcp_insights_usage_5m', 'bucket_ts'],
    ['mcp_insights_usage_hourly', 'hour_ts'],
    ['mcp_insights_usage_daily', 'day_ts'],
  ]) {
    await knex.schema.alterTable(table, t => {
      t.index(['server_ref', 'tool_name', ts], `${table}_server_idx`);
    });
  }

  // Per team and day, so team reports read a few rows per day instead of every server's.
  await knex.schema.createTable('mcp_insights_team_daily', table => {
    table.bigInteger('day_ts').notNullable();
    table.string('team_ref', 500).notNullable();
    table.bigInteger('calls').notNullable().defaultTo(0);
    table.bigInteger('errors').notNullable().defaultTo(0);
    table.double('token_cost').notNullable().defaultTo(0);
    table.double('other_cost').notNullable().defaultTo(0);
    table.double('compute_cost').notNullable().defaultTo(0);
    table.primary(['day_ts', 'team_ref']);
  });

  await knex.schema.createTable('mcp_insights_tokens_hourly', table => {
    table.bigInteger('hour_ts').notNullable();
    table.string('server_ref', 500).notNullable();
    table.string('tool_name', 255).notNullable();
    table.string('team_ref', 500).notNullable();
    tokenColumns(table);
    table.primary(['hour_ts', 'server_ref', 'tool_name', 'team_ref', 'model']);
  });

  await knex.schema.createTable('mcp_insights_tokens_daily', table => {
    table.bigInteger('day_ts').notNullable();
    table.string('server_ref', 500).notNullable();
    table.string('tool_name', 255).notNullable();
    table.string('team_ref', 500).notNullable();
    tokenColumns(table);
    table.primary(['day_ts', 'server_ref', 'tool_name', 'team_ref', 'model']);
    table.index(['team_ref', 'day_ts'], 'mcp_insights_tokens_daily_team_idx');
    table.index(
      ['server_ref', 'day_ts'],
      'mcp_insights_tokens_daily_server_idx',
    );
  });

  await knex.schema.createTable('mcp_insights_compute_daily', table => {
    table.bigInteger('day_ts').notNullable();
    table.string('server_ref', 500).notNullable();
    table.string('team_ref', 500).notNullable();
    table.double('hours').notNullable();
    table.double('cost').notNullable();
    table.primary(['day_ts', 'server_ref']);
    table.index(['team_ref', 'day_ts'], 'mcp_insights_compute_daily_team_idx');
  });

  await knex.schema.createTable('mcp_insights_usage_events', table => {
    table.string('event_id', 200).primary();
    table.bigInteger('received_at').notNullable();
    table.index(['received_at'], 'mcp_insights_usage_events_received_idx');
  });

  // Pushed batches, durable on acceptance and folded into the rollups in bulk afterwards.
  await knex.schema.createTable('mcp_insights_pending_usage', table => {
    table.bigIncrements('seq').primary();
    table.bigInteger('created_at').notNullable();
    table.integer('events').notNullable();
    table.text('payload').notNullable();
  });

  await knex.schema.createTable('mcp_insights_series_state', table => {
    table.string('target', 500).notNullable();
    table.string('series_key', 2000).notNullable();
    table.double('value').notNullable();
    table.bigInteger('sample_ms').notNullable();
    table.primary(['target', 'series_key']);
  });

  await knex.schema.createTable('mcp_insights_targets', table => {
    table.string('target', 500).primary();
    table.text('url').notNullable();
    table.bigInteger('last_attempt_at').nullable();
    table.bigInteger('last_success_at').nullable();
    table.text('last_error').nullable();
    table.text('warnings').nullable();
    table.integer('consecutive_failures').notNullable().defaultTo(0);
    table.integer('series_count').notNullable().defaultTo(0);
  });

  await knex.schema.createTable('mcp_insights_meta', table => {
    table.string('key', 200).primary();
    table.text('value').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of [
    'mcp_insights_meta',
    'mcp_insights_targets',
    'mcp_insights_series_state',
    'mcp_insights_pending_usage',
    'mcp_insights_usage_events',
    'mcp_insights_compute_daily',
    'mcp_insights_tokens_daily',
    'mcp_insights_tokens_hourly',
    'mcp_insights_team_daily',
    'mcp_insights_usage_daily',
    'mcp_insights_usage_hourly',
    'mcp_insights_usage_5m',
    'mcp_insights_teams',
    'mcp_insights_servers',
  ]) {
    await knex.schema.dropTable(table);
  }
};

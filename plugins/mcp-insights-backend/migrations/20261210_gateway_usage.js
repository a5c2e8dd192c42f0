// @ts-check

/*
 * Calls observed at the MCP gateway, kept apart from what servers report about themselves (their
 * metrics, their clients' pushes) so the two are never added: reads pick one per server and
 * bucket (see src/observation/sumObservedUsage.ts). Same time buckets, latency columns and key
 * order as the usage tables; the hourly and daily tables add the consuming team (whose calls
 * they were) and what the calls carried: request and response bytes, estimated tokens.
 */

/** Upper bounds of the latency buckets in ms; keep in step with src/rollups/latencyBuckets.ts. */
const LATENCY_BOUNDS_MS = [
  5, 10, 25, 50, 100, 250, 500, 1000, 1500, 2000, 2500, 3000, 5000, 10000,
  30000,
];

/**
 * @param {import('knex').Knex} knex
 * @param {string} name
 * @param {string} ts
 * @param {{ teams: boolean, timeFirst: boolean }} options
 */
async function createGatewayTable(knex, name, ts, options) {
  const key = [
    ...(options.timeFirst ? [ts, 'tool_name'] : ['tool_name', ts]),
    'server_ref',
    ...(options.teams ? ['team_ref', 'consumer_team_ref'] : []),
  ];
  const client = String(knex.client.config.client);
  if (client === 'better-sqlite3' || client === 'sqlite3') {
    const columns = [
      `${ts} bigint not null`,
      'server_ref varchar(500) not null',
      'tool_name varchar(255) not null',
      ...(options.teams
        ? [
            'team_ref varchar(500) not null',
            'consumer_team_ref varchar(500) not null',
          ]
        : []),
      'calls bigint not null default 0',
      'errors bigint not null default 0',
      'duration_sum_ms double precision not null default 0',
      ...LATENCY_BOUNDS_MS.map(
        b => `le_${b} double precision not null default 0`,
      ),
      'le_inf double precision not null default 0',
      ...(options.teams
        ? [
            'request_bytes bigint not null default 0',
            'response_bytes bigint not null default 0',
            'estimated_input_tokens bigint not null default 0',
            'estimated_output_tokens bigint not null default 0',
          ]
        : []),
    ];
    await knex.raw(
      `CREATE TABLE ${name} (${columns.join(', ')}, PRIMARY KEY (${key.join(
        ', ',
      )})) WITHOUT ROWID`,
    );
  } else {
    await knex.schema.createTable(name, table => {
      table.bigInteger(ts).notNullable();
      table.string('server_ref', 500).notNullable();
      table.string('tool_name', 255).notNullable();
      if (options.teams) {
        table.string('team_ref', 500).notNullable();
        table.string('consumer_team_ref', 500).notNullable();
      }
      table.bigInteger('calls').notNullable().defaultTo(0);
      table.bigInteger('errors').notNullable().defaultTo(0);
      table.double('duration_sum_ms').notNullable().defaultTo(0);
      for (const bound of LATENCY_BOUNDS_MS) {
        table.double(`le_${bound}`).notNullable().defaultTo(0);
      }
      table.double('le_inf').notNullable().defaultTo(0);
      if (options.teams) {
        table.bigInteger('request_bytes').notNullable().defaultTo(0);
        table.bigInteger('response_bytes').notNullable().defaultTo(0);
        table.bigInteger('estimated_input_tokens').notNullable().defaultTo(0);
        table.bigInteger('estimated_output_tokens').notNullable().defaultTo(0);
      }
      table.primary(key);
    });
  }
  await knex.schema.alterTable(name, t => {
    t.index(['server_ref', 'tool_name', ts], `${name}_server_idx`);
    if (options.teams)
      t.index(['consumer_team_ref', ts], `${name}_consumer_idx`);
  });
}

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await createGatewayTable(knex, 'mcp_insights_gateway_5m', 'bucket_ts', {
    teams: false,
    timeFirst: false,
  });
  await createGatewayTable(knex, 'mcp_insights_gateway_hourly', 'hour_ts', {
    teams: true,
    timeFirst: false,
  });
  await createGatewayTable(knex, 'mcp_insights_gateway_daily', 'day_ts', {
    teams: true,
    timeFirst: true,
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of [
    'mcp_insights_gateway_daily',
    'mcp_insights_gateway_hourly',
    'mcp_insights_gateway_5m',
  ]) {
    await knex.schema.dropTable(table);
  }
};

// @ts-check

/**
 * The MCP catalog's tables: servers (a snapshot of their catalog entity plus discovery status),
 * their tools with definition history and approval, prompts, resources and risk findings.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mcp_catalog_servers', table => {
    table.comment('mcp-server API entities and their discovery status');
    table.string('entity_ref', 255).primary().notNullable();
    table.string('name', 255).notNullable();
    table.string('title', 255).nullable();
    table.text('description').nullable();
    table.string('owner_ref', 255).nullable();
    table.string('lifecycle', 64).nullable();
    table.string('data_classification', 32).nullable();
    table.text('remotes').notNullable().comment('JSON: spec.remotes');
    table
      .string('status', 32)
      .notNullable()
      .defaultTo('pending')
      .comment('pending | ok | error');
    table.timestamp('last_attempt_at', { useTz: true }).nullable();
    table.timestamp('last_success_at', { useTz: true }).nullable();
    table.text('last_error').nullable();
    table.integer('latency_ms').nullable();
    table.string('transport', 32).nullable();
    table.string('protocol_version', 64).nullable();
    table.text('server_info').nullable().comment('JSON: name, title, version');
    table.text('capabilities').nullable().comment('JSON: as advertised');
    table.text('instructions').nullable();
    table.integer('tool_count').notNullable().defaultTo(0);
    table
      .integer('max_severity')
      .notNullable()
      .defaultTo(0)
      .comment('0 none, 1 low .. 4 critical');
    table.integer('consecutive_failures').notNullable().defaultTo(0);
    table.timestamp('next_attempt_at', { useTz: true }).nullable();
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.index(['status'], 'mcp_catalog_servers_status_idx');
    table.index(['owner_ref'], 'mcp_catalog_servers_owner_idx');
    table.index(['next_attempt_at'], 'mcp_catalog_servers_next_attempt_idx');
  });

  await knex.schema.createTable('mcp_catalog_tools', table => {
    table.comment(
      'Tools of MCP servers, current definition and approval state',
    );
    table.increments('id');
    table
      .string('server_ref', 255)
      .notNullable()
      .references('entity_ref')
      .inTable('mcp_catalog_servers')
      .onDelete('CASCADE');
    table.string('name', 255).notNullable();
    table.string('title', 255).nullable();
    table.text('description').nullable();
    table.text('input_schema').notNullable();
    table.text('output_schema').nullable();
    table.text('annotations').nullable();
    table.boolean('read_only').notNullable().defaultTo(false);
    table.boolean('destructive').notNullable().defaultTo(false);
    table.string('definition_hash', 64).notNullable();
    table.string('approved_hash', 64).nullable();
    table
      .string('approval', 16)
      .notNullable()
      .comment('approved | new | changed');
    table
      .string('state', 16)
      .notNullable()
      .defaultTo('active')
      .comment('active | removed');
    table.integer('version').notNullable().defaultTo(1);
    table.integer('max_severity').notNullable().defaultTo(0);
    table
      .text('search_text')
      .notNullable()
      .comment('lower-cased name, title, description, parameter names');
    table
      .string('owner_ref', 255)
      .nullable()
      .comment('denormalised from the server for filtering');
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
    table.timestamp('last_seen_at', { useTz: true }).notNullable();
    table.timestamp('removed_at', { useTz: true }).nullable();
    table.unique(['server_ref', 'name'], {
      indexName: 'mcp_catalog_tools_server_name_uq',
    });
    table.index(['owner_ref'], 'mcp_catalog_tools_owner_idx');
    table.index(['approval'], 'mcp_catalog_tools_approval_idx');
  });

  await knex.schema.createTable('mcp_catalog_tool_versions', table => {
    table.comment('Every definition a tool has had');
    table.increments('id');
    table
      .string('server_ref', 255)
      .notNullable()
      .references('entity_ref')
      .inTable('mcp_catalog_servers')
      .onDelete('CASCADE');
    table.string('tool_name', 255).notNullable();
    table.integer('version').notNullable();
    table.string('definition_hash', 64).notNullable();
    table
      .text('definition')
      .notNullable()
      .comment('JSON: canonical tool definition');
    table.timestamp('seen_at', { useTz: true }).notNullable();
    table.string('approved_by', 255).nullable();
    table.timestamp('approved_at', { useTz: true }).nullable();
    table.unique(['server_ref', 'tool_name', 'version'], {
      indexName: 'mcp_catalog_tool_versions_uq',
    });
  });

  await knex.schema.createTable('mcp_catalog_prompts', table => {
    table
      .string('server_ref', 255)
      .notNullable()
      .references('entity_ref')
      .inTable('mcp_catalog_servers')
      .onDelete('CASCADE');
    table.string('name', 255).notNullable();
    table.string('title', 255).nullable();
    table.text('description').nullable();
    table.text('arguments').nullable().comment('JSON');
    table.primary(['server_ref', 'name']);
  });

  await knex.schema.createTable('mcp_catalog_resources', table => {
    table
      .string('server_ref', 255)
      .notNullable()
      .references('entity_ref')
      .inTable('mcp_catalog_servers')
      .onDelete('CASCADE');
    table.string('kind', 16).notNullable().comment('resource | template');
    table
      .string('uri', 1024)
      .notNullable()
      .comment('URI, or URI template for kind=template');
    table.string('name', 255).nullable();
    table.string('title', 255).nullable();
    table.text('description').nullable();
    table.string('mime_type', 255).nullable();
    table.primary(['server_ref', 'kind', 'uri']);
  });

  await knex.schema.createTable('mcp_catalog_findings', table => {
    table.comment('Risk findings of the current definitions');
    table.increments('id');
    table
      .string('server_ref', 255)
      .notNullable()
      .references('entity_ref')
      .inTable('mcp_catalog_servers')
      .onDelete('CASCADE');
    table.string('item_kind', 16).notNullable().comment('tool | prompt');
    table.string('item_name', 255).notNullable();
    table.string('rule_id', 128).notNullable();
    table.string('severity', 16).notNullable();
    table.integer('severity_rank').notNullable();
    table.text('message').notNullable();
    table.string('field', 512).notNullable();
    table.integer('evidence_start').notNullable();
    table.integer('evidence_end').notNullable();
    table.text('evidence_text').notNullable();
    table.index(
      ['server_ref', 'item_kind', 'item_name'],
      'mcp_catalog_findings_item_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mcp_catalog_findings');
  await knex.schema.dropTable('mcp_catalog_resources');
  await knex.schema.dropTable('mcp_catalog_prompts');
  await knex.schema.dropTable('mcp_catalog_tool_versions');
  await knex.schema.dropTable('mcp_catalog_tools');
  await knex.schema.dropTable('mcp_catalog_servers');
};

/**
 * The search benchmark's database, filled as months of discovery would leave it: servers
 * generated as the fleet's are (other seeds) and their tools, with approvals, severities and
 * removed tools in realistic shares.
 */
import { ToolDefinitionHasher } from '@mcp-platform/plugin-mcp-catalog-node';
import { seededRandom } from '@mcp-platform/bench-utils';
import { Knex } from 'knex';
import { z } from 'zod';
import { SEARCH_TOOLS, SEARCH_TOOLS_PER_SERVER } from './benchSettings';
import { planServer } from './planServer';

const SEVERITY_RANKS = [0, 1, 2, 3, 4];
const SEVERITY_WEIGHTS = [0.9, 0.04, 0.035, 0.02, 0.005];

/** JSON Schemas of the shared zod shapes, converted once. */
const jsonSchemaCache = new Map<z.ZodRawShape, unknown>();
const jsonSchemaOf = (shape: z.ZodRawShape) => {
  let schema = jsonSchemaCache.get(shape);
  if (!schema) {
    schema = z.toJSONSchema(z.object(shape));
    jsonSchemaCache.set(shape, schema);
  }
  return schema;
};

/**
 * Fills the store as months of discovery would: servers and their tools, inserted directly in
 * batches (discovering 50 000 tools would make the fill, not the search, the benchmark).
 */
export async function fillStore(
  db: Knex,
): Promise<{ servers: number; tools: number; serverNames: string[] }> {
  const next = seededRandom(424242);
  const serverCount = Math.ceil(SEARCH_TOOLS / SEARCH_TOOLS_PER_SERVER);
  const now = Date.now();
  const servers: Record<string, unknown>[] = [];
  const tools: Record<string, unknown>[] = [];
  for (let s = 0; s < serverCount && tools.length < SEARCH_TOOLS; s++) {
    // Seeds apart from the fleet's, same generator: the same vocabulary, other servers.
    const plan = planServer(10_000 + s, SEARCH_TOOLS_PER_SERVER);
    const entityRef = `api:default/${plan.name}`;
    let serverMax = 0;
    const firstSeen = new Date(
      now - (30 + Math.floor(next() * 300)) * 86_400_000,
    );
    const lastSeen = new Date(now - Math.floor(next() * 600_000));
    for (const spec of plan.tools) {
      if (tools.length >= SEARCH_TOOLS) break;
      const inputSchema = jsonSchemaOf(spec.shape);
      const definition = {
        name: spec.name,
        title: spec.title,
        description: spec.description,
        inputSchema,
        annotations: { title: spec.title, ...spec.annotations },
      };
      const hash = ToolDefinitionHasher.hash(definition);
      // Most tools are approved; some changed since their approval, a few were never reviewed.
      const roll = next();
      let approval = 'new';
      let approvedHash: string | null = null;
      if (roll < 0.9) {
        approval = 'approved';
        approvedHash = hash;
      } else if (roll < 0.96) {
        approval = 'changed';
        approvedHash = ToolDefinitionHasher.hash({
          ...definition,
          description: `${spec.description} (v1)`,
        });
      }
      let severity = 0;
      for (let r = next(), i = 0; i < SEVERITY_RANKS.length; i++) {
        r -= SEVERITY_WEIGHTS[i];
        if (r < 0) {
          severity = SEVERITY_RANKS[i];
          break;
        }
      }
      serverMax = Math.max(serverMax, severity);
      const removed = next() < 0.03;
      const readOnly = spec.annotations.readOnlyHint === true;
      tools.push({
        server_ref: entityRef,
        name: spec.name,
        title: spec.title,
        description: spec.description,
        input_schema: JSON.stringify(inputSchema),
        output_schema: null,
        annotations: JSON.stringify(definition.annotations),
        read_only: readOnly,
        destructive: !readOnly && spec.annotations.destructiveHint !== false,
        definition_hash: hash,
        approved_hash: approvedHash,
        approval,
        state: removed ? 'removed' : 'active',
        version: approval === 'changed' ? 2 : 1,
        max_severity: severity,
        // As searchTextOf in DatabaseMcpCatalogStore: name, title, description, parameter names.
        search_text: [
          spec.name,
          spec.title,
          spec.description,
          Object.keys(spec.shape).join(' '),
        ]
          .join('\n')
          .toLocaleLowerCase('en-US'),
        owner_ref: plan.ownerRef,
        first_seen_at: firstSeen,
        last_seen_at: lastSeen,
        removed_at: removed ? lastSeen : null,
      });
    }
    servers.push({
      entity_ref: entityRef,
      name: plan.name,
      title: plan.title,
      description: plan.description,
      owner_ref: plan.ownerRef,
      lifecycle: s % 10 === 0 ? 'experimental' : 'production',
      data_classification: s % 4 === 0 ? 'confidential' : 'internal',
      // Never contacted: the search benchmark does not discover.
      remotes: JSON.stringify([
        { type: 'streamable-http', url: `http://127.0.0.1:9/s/${s}/mcp` },
      ]),
      status: 'ok',
      last_attempt_at: lastSeen,
      last_success_at: lastSeen,
      latency_ms: 40 + Math.floor(next() * 200),
      transport: 'streamable-http',
      protocol_version: '2025-06-18',
      server_info: JSON.stringify({ name: plan.name, version: '1.0.0' }),
      capabilities: JSON.stringify({ tools: { listChanged: true } }),
      instructions: plan.description,
      tool_count: plan.tools.length,
      max_severity: serverMax,
      consecutive_failures: 0,
      next_attempt_at: new Date(now + 600_000),
      updated_at: lastSeen,
    });
  }
  // Batches of 500 rows stay below SQLite's and PostgreSQL's bound-parameter limits.
  await db.batchInsert('mcp_catalog_servers', servers, 500);
  await db.batchInsert('mcp_catalog_tools', tools, 500);
  return {
    servers: servers.length,
    tools: tools.length,
    serverNames: servers.map(s => s.name as string),
  };
}

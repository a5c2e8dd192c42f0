import { ResourceTemplate } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { ExampleServerDefinition } from './exampleServer';
import { ToolInputError, defineTool, jsonResult } from './exampleTool';

type Row = Record<string, string | number>;

const regions = ['emea', 'amer', 'apac'];
const plans = ['free', 'team', 'enterprise'];

function seedTables(): Record<string, { description: string; rows: Row[] }> {
  const signups: Row[] = [];
  const revenue: Row[] = [];
  for (let day = 1; day <= 30; day++) {
    for (const [ri, region] of regions.entries()) {
      for (const [pi, plan] of plans.entries()) {
        const date = `2026-10-${String(day).padStart(2, '0')}`;
        signups.push({
          date,
          region,
          plan,
          signups: 20 + ((day * 13 + ri * 7 + pi * 3) % 40),
        });
        revenue.push({
          date,
          region,
          plan,
          revenue_eur: pi === 0 ? 0 : (day * 97 + ri * 311 + pi * 1201) % 9000,
        });
      }
    }
  }
  return {
    'growth.signups': {
      description: 'Daily sign-ups by region and plan',
      rows: signups,
    },
    'finance.revenue': {
      description: 'Daily recognised revenue in EUR by region and plan',
      rows: revenue,
    },
  };
}

// Mirrored into the Mcp-Param-Table header by 2026-07-28 clients, so a gateway can apply
// per-table access rules without reading request bodies.
const tableSchema = z
  .string()
  .describe('Table name, e.g. "growth.signups"')
  .meta({ 'x-mcp-header': 'Table' });

/** Aggregates over a small in-memory warehouse, owned by the analytics team. */
export function createAnalyticsWarehouse(): ExampleServerDefinition {
  const tables = seedTables();
  const reports: {
    id: string;
    name: string;
    cron: string;
    recipients: string[];
  }[] = [];
  const columnsOf = (table: string) =>
    Object.entries(tables[table].rows[0]).map(([name, v]) => ({
      name,
      type: typeof v === 'number' ? 'number' : 'string',
    }));
  const getTable = (table: string) => {
    const t = tables[table];
    if (!t)
      throw new ToolInputError(
        `Unknown table "${table}". Known tables: ${Object.keys(tables).join(
          ', ',
        )}.`,
      );
    return t;
  };

  return {
    name: 'analytics-warehouse',
    title: 'Analytics warehouse',
    version: '0.9.0',
    team: 'analytics',
    revisions: ['2026-07-28'],
    sse: false,
    instructions:
      'Query aggregated business metrics. Use list_tables and describe_table before aggregate_metric.',
    tools: [
      defineTool({
        name: 'list_tables',
        title: 'List tables',
        description:
          'Lists the warehouse tables with a one-line description each.',
        inputSchema: {},
        annotations: { readOnlyHint: true, openWorldHint: false },
        handler: () =>
          jsonResult({
            tables: Object.entries(tables).map(([name, t]) => ({
              name,
              description: t.description,
              rows: t.rows.length,
            })),
          }),
      }),
      defineTool({
        name: 'describe_table',
        title: 'Describe table',
        description:
          'Returns the columns of a table with their types and three sample rows.',
        inputSchema: {
          table: tableSchema,
        },
        annotations: { readOnlyHint: true, openWorldHint: false },
        handler: ({ table }) => {
          const t = getTable(table);
          return jsonResult({
            table,
            columns: columnsOf(table),
            sample: t.rows.slice(0, 3),
          });
        },
      }),
      defineTool({
        name: 'aggregate_metric',
        title: 'Aggregate a metric',
        description:
          'Aggregates a numeric column (sum, avg, min, max or count), optionally grouped by a column and filtered by equality on other columns.',
        inputSchema: {
          table: tableSchema,
          column: z.string().describe('Numeric column to aggregate'),
          aggregation: z
            .enum(['sum', 'avg', 'min', 'max', 'count'])
            .default('sum'),
          groupBy: z
            .string()
            .optional()
            .describe('Column to group by, e.g. "region"'),
          where: z
            .record(z.string(), z.union([z.string(), z.number()]))
            .optional()
            .describe('Equality filters, e.g. {"plan": "team"}'),
        },
        annotations: {
          readOnlyHint: true,
          idempotentHint: true,
          openWorldHint: false,
        },
        handler: ({ table, column, aggregation, groupBy, where }) => {
          const t = getTable(table);
          if (typeof t.rows[0][column] !== 'number')
            throw new ToolInputError(
              `Column "${column}" of ${table} is not numeric; see describe_table.`,
            );
          if (groupBy && !(groupBy in t.rows[0]))
            throw new ToolInputError(
              `Table ${table} has no column "${groupBy}".`,
            );
          const rows = t.rows.filter(r =>
            Object.entries(where ?? {}).every(([k, v]) => r[k] === v),
          );
          const groups = new Map<string, number[]>();
          for (const r of rows) {
            const key = groupBy ? String(r[groupBy]) : 'all';
            groups.set(key, [...(groups.get(key) ?? []), Number(r[column])]);
          }
          const aggregate = (values: number[]) => {
            switch (aggregation) {
              case 'count':
                return values.length;
              case 'avg':
                return values.reduce((a, b) => a + b, 0) / values.length;
              case 'min':
                return Math.min(...values);
              case 'max':
                return Math.max(...values);
              default:
                return values.reduce((a, b) => a + b, 0);
            }
          };
          return jsonResult({
            table,
            aggregation,
            column,
            results: [...groups].map(([group, values]) => ({
              group,
              value: aggregate(values),
            })),
          });
        },
      }),
      defineTool({
        name: 'schedule_report',
        title: 'Schedule a report',
        description:
          'Schedules a recurring e-mail report of an aggregate, on a cron schedule.',
        inputSchema: {
          name: z.string().min(3).max(80),
          cron: z
            .string()
            .regex(/^(\S+\s){4}\S+$/)
            .describe('Five-field cron expression, e.g. "0 8 * * MON"'),
          recipients: z.array(z.email()).min(1).max(20),
        },
        annotations: {
          readOnlyHint: false,
          destructiveHint: false,
          idempotentHint: false,
          openWorldHint: true,
        },
        handler: ({ name, cron, recipients }) => {
          const report = {
            id: `rpt_${reports.length + 1}`,
            name,
            cron,
            recipients,
          };
          reports.push(report);
          return jsonResult({ report });
        },
      }),
    ],
    registerExtras: server => {
      server.registerResource(
        'table-schema',
        new ResourceTemplate('warehouse://tables/{table}/schema', {
          list: async () => ({
            resources: Object.entries(tables).map(([name, t]) => ({
              uri: `warehouse://tables/${name}/schema`,
              name,
              description: t.description,
              mimeType: 'application/json',
            })),
          }),
        }),
        {
          title: 'Table schema',
          description: 'Columns and their types of a warehouse table',
          mimeType: 'application/json',
        },
        async (uri, { table }) => {
          const name = String(table);
          getTable(name);
          return {
            contents: [
              {
                uri: uri.href,
                mimeType: 'application/json',
                text: JSON.stringify({
                  table: name,
                  description: tables[name].description,
                  columns: columnsOf(name),
                }),
              },
            ],
          };
        },
      );
      server.registerPrompt(
        'weekly_kpi_review',
        {
          title: 'Weekly KPI review',
          description:
            'Asks for a review of sign-ups and revenue of one region',
          argsSchema: z.object({ region: z.enum(['emea', 'amer', 'apac']) }),
        },
        ({ region }) => ({
          messages: [
            {
              role: 'user',
              content: {
                type: 'text',
                text: `Summarise this week's sign-ups and revenue for ${region}, by plan, and point out anomalies.`,
              },
            },
          ],
        }),
      );
    },
  };
}

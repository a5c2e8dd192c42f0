import { createHash } from 'node:crypto';
import { MCP_METRICS } from '../collection/incrementsFromDeltas';
import { Objective } from '../slo/sloMath';

/** A Grafana panel query, with its PromQL. */
interface Target {
  expr: string;
  legendFormat: string;
  refId: string;
}

const escapeLabel = (v: string) =>
  v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** A Grafana dashboard JSON model: the fields the insights API documents, and the rest. */
export interface GrafanaDashboard {
  uid: string;
  title: string;
  panels: Record<string, unknown>[];
  [field: string]: unknown;
}

/**
 * A Grafana dashboard (JSON model, schema 39) for one MCP server: calls, errors and p95 latency
 * per tool, tokens per model from the golden-path metrics, and, per SLO, the error budget left
 * and burn rates from the Sloth-named recording rules of `GET /v1/export/prometheus-rules`.
 * The data source is a template variable, so it imports into any Grafana.
 */
export function grafanaDashboard(options: {
  serverRef: string;
  serverName: string;
  title?: string;
  objectives: Objective[];
  serverLabel?: string;
}): GrafanaDashboard {
  const label = options.serverLabel ?? 'server';
  const sel = `${label}="${escapeLabel(options.serverName)}"`;
  const datasource = { type: 'prometheus', uid: '${datasource}' };
  let nextId = 1;
  const refIds = 'ABCDEFGHIJ';
  const panel = (
    title: string,
    type: 'timeseries' | 'stat',
    gridPos: { x: number; y: number; w: number; h: number },
    targets: Omit<Target, 'refId'>[],
    fieldConfig: Record<string, unknown> = {},
  ) => ({
    id: nextId++,
    title,
    type,
    datasource,
    gridPos,
    fieldConfig: { defaults: fieldConfig, overrides: [] },
    options:
      type === 'stat'
        ? {
            reduceOptions: {
              calcs: ['lastNotNull'],
              fields: '',
              values: false,
            },
            colorMode: 'value',
          }
        : {
            legend: { displayMode: 'list', placement: 'bottom' },
            tooltip: { mode: 'multi' },
          },
    targets: targets.map((t, i) => ({ ...t, refId: refIds[i], datasource })),
  });

  const panels: Record<string, unknown>[] = [
    panel(
      'Calls per second by tool',
      'timeseries',
      { x: 0, y: 0, w: 12, h: 8 },
      [
        {
          expr: `sum by (tool_name) (rate(${MCP_METRICS.invocations}{${sel}}[$__rate_interval]))`,
          legendFormat: '{{tool_name}}',
        },
      ],
      { unit: 'reqps' },
    ),
    panel(
      'Error ratio by tool',
      'timeseries',
      { x: 12, y: 0, w: 12, h: 8 },
      [
        {
          // Tools without failures have no error series: `or … * 0` shows them at 0.
          expr: `(sum by (tool_name) (rate(${MCP_METRICS.invocations}{${sel},status="error"}[$__rate_interval])) or sum by (tool_name) (rate(${MCP_METRICS.invocations}{${sel}}[$__rate_interval])) * 0) / sum by (tool_name) (rate(${MCP_METRICS.invocations}{${sel}}[$__rate_interval]))`,
          legendFormat: '{{tool_name}}',
        },
      ],
      { unit: 'percentunit' },
    ),
    panel(
      'p95 latency by tool',
      'timeseries',
      { x: 0, y: 8, w: 12, h: 8 },
      [
        {
          expr: `histogram_quantile(0.95, sum by (tool_name, le) (rate(${MCP_METRICS.durationBucket}{${sel}}[$__rate_interval])))`,
          legendFormat: '{{tool_name}}',
        },
      ],
      { unit: 's' },
    ),
    panel(
      'LLM tokens per second by model and direction',
      'timeseries',
      { x: 12, y: 8, w: 12, h: 8 },
      [
        {
          expr: `sum by (model, direction) (rate(${MCP_METRICS.tokens}{${sel}}[$__rate_interval]))`,
          legendFormat: '{{model}} {{direction}}',
        },
      ],
    ),
  ];
  let y = 16;
  for (const objective of options.objectives) {
    const slo = `sloth_service="${escapeLabel(
      options.serverName,
    )}", sloth_slo="${objective.id}"`;
    panels.push(
      panel(
        `${objective.id}: error budget left`,
        'stat',
        { x: 0, y, w: 6, h: 6 },
        [
          {
            expr: `slo:period_error_budget_remaining:ratio{${slo}}`,
            legendFormat: 'budget left',
          },
        ],
        { unit: 'percentunit', min: 0, max: 1 },
      ),
      panel(
        `${objective.id}: SLI over ${objective.windowDays}d`,
        'stat',
        { x: 6, y, w: 6, h: 6 },
        [
          {
            expr: `1 - slo:sli_error:ratio_rate${objective.windowDays}d{${slo}}`,
            legendFormat: 'SLI',
          },
        ],
        { unit: 'percentunit', decimals: 3 },
      ),
      panel(
        `${objective.id}: burn rate`,
        'timeseries',
        { x: 12, y, w: 12, h: 6 },
        [
          {
            expr: `slo:sli_error:ratio_rate5m{${slo}} / on() group_left slo:error_budget:ratio{${slo}}`,
            legendFormat: '5m',
          },
          {
            expr: `slo:sli_error:ratio_rate1h{${slo}} / on() group_left slo:error_budget:ratio{${slo}}`,
            legendFormat: '1h',
          },
          {
            expr: `slo:sli_error:ratio_rate6h{${slo}} / on() group_left slo:error_budget:ratio{${slo}}`,
            legendFormat: '6h',
          },
          {
            expr: `slo:sli_error:ratio_rate3d{${slo}} / on() group_left slo:error_budget:ratio{${slo}}`,
            legendFormat: '3d',
          },
        ],
      ),
    );
    y += 6;
  }

  return {
    uid: `mcp-${createHash('sha256')
      .update(options.serverRef)
      .digest('hex')
      .slice(0, 16)}`,
    title: `MCP server: ${options.title ?? options.serverName}`,
    tags: ['mcp', 'mcp-insights', options.serverName],
    schemaVersion: 39,
    version: 1,
    editable: true,
    time: { from: 'now-24h', to: 'now' },
    refresh: '1m',
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Prometheus',
          type: 'datasource',
          query: 'prometheus',
          current: {},
        },
      ],
    },
    annotations: { list: [] },
    panels,
  };
}

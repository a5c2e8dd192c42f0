import { ANNOTATION_SLO } from '@mcp-platform/plugin-mcp-catalog-common';
import { stringify } from 'yaml';
import { MCP_METRICS } from '../collection/incrementsFromDeltas';
import { BURN_RATE_CONDITIONS, BURN_WINDOWS, Objective } from '../slo/sloMath';

/** Bucket bounds (seconds) of the golden-path latency histogram, as `le` label values. */
export const GOLDEN_PATH_BUCKETS_SECONDS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10,
];

/** One SLO to generate rules for. */
export interface SloRuleInput {
  /** Server entity name, the value of the metrics' `server` label. */
  serverName: string;
  serverRef: string;
  team: string;
  /** Set for a tool's own objective. */
  tool?: string;
  objective: Objective;
}

/** A Prometheus rule file (`groups:`), with notes on approximations made. */
export interface GeneratedRules {
  groups: {
    name: string;
    rules: Record<string, unknown>[];
  }[];
  warnings: string[];
}

const escapeLabel = (v: string) =>
  v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** Sloth's notation of a window: 30d, 6h, 5m. */
function windowName(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  return `${seconds / 60}m`;
}

/**
 * Prometheus recording and alerting rules for SLOs, named as Sloth names them, so Sloth's
 * Grafana dashboards and alert routing work unchanged: `slo:sli_error:ratio_rate<window>` for
 * 5m…3d and the SLO period, the `slo:*` metadata series, and one alert per severity with
 * `sloth_severity` page or ticket and the SRE workbook's multiwindow burn-rate conditions.
 * Latency objectives count calls slower than the threshold from the histogram's `le` bucket at
 * the threshold; when the threshold is not a bucket bound the nearest lower bound is used
 * (stricter), and a warning says so.
 */
export function generateSloRules(
  inputs: SloRuleInput[],
  options: {
    serverLabel?: string;
    bucketsSeconds?: number[];
    runbookBaseUrl?: string;
  } = {},
): GeneratedRules {
  const serverLabel = options.serverLabel ?? 'server';
  const buckets = options.bucketsSeconds ?? GOLDEN_PATH_BUCKETS_SECONDS;
  const groups: GeneratedRules['groups'] = [];
  const warnings: string[] = [];

  for (const input of inputs) {
    const { objective } = input;
    const service = input.serverName;
    const slo = input.tool ? `${input.tool}-${objective.id}` : objective.id;
    const id = `${service}-${slo}`.replace(/[^a-zA-Z0-9_-]/g, '-');
    const sloLabels = { sloth_id: id, sloth_service: service, sloth_slo: slo };
    const selector = `{sloth_id="${escapeLabel(
      id,
    )}", sloth_service="${escapeLabel(service)}", sloth_slo="${escapeLabel(
      slo,
    )}"}`;
    const matchers = [`${serverLabel}="${escapeLabel(input.serverName)}"`];
    if (input.tool) matchers.push(`tool_name="${escapeLabel(input.tool)}"`);
    const m = matchers.join(',');

    let errorQuery: (w: string) => string;
    let totalQuery: (w: string) => string;
    if (objective.kind === 'availability') {
      // `or vector(0)`: without a single failed call there is no error series, and the ratio
      // of a healthy server must be 0, not missing.
      errorQuery = w =>
        `(sum(rate(${MCP_METRICS.invocations}{${m},status="error"}[${w}])) or vector(0))`;
      totalQuery = w => `sum(rate(${MCP_METRICS.invocations}{${m}}[${w}]))`;
    } else {
      const thresholdSeconds = objective.thresholdMs! / 1000;
      const usable = buckets.filter(b => b <= thresholdSeconds + 1e-9);
      const le = usable.length ? usable[usable.length - 1] : buckets[0];
      if (Math.abs(le - thresholdSeconds) > 1e-9) {
        warnings.push(
          `${id}: ${thresholdSeconds}s is not a histogram bucket bound; the rules use le="${le}" (stricter)`,
        );
      }
      const count = MCP_METRICS.durationBucket.replace(/_bucket$/, '_count');
      errorQuery = w =>
        `(sum(rate(${count}{${m}}[${w}])) - sum(rate(${MCP_METRICS.durationBucket}{${m},le="${le}"}[${w}])))`;
      totalQuery = w => `sum(rate(${count}{${m}}[${w}]))`;
    }

    const period = windowName(objective.windowDays * 86400);
    const sliRules = Object.values(BURN_WINDOWS).map(seconds => {
      const w = windowName(seconds);
      return {
        record: `slo:sli_error:ratio_rate${w}`,
        expr: `(${errorQuery(w)})\n/\n(${totalQuery(w)})\n`,
        labels: { ...sloLabels, sloth_window: w },
      };
    });
    sliRules.push({
      record: `slo:sli_error:ratio_rate${period}`,
      expr: `sum_over_time(slo:sli_error:ratio_rate5m${selector}[${period}])\n/ ignoring (sloth_window)\ncount_over_time(slo:sli_error:ratio_rate5m${selector}[${period}])\n`,
      labels: { ...sloLabels, sloth_window: period },
    });
    groups.push({ name: `sloth-slo-sli-recordings-${id}`, rules: sliRules });

    const budget = 1 - objective.target;
    groups.push({
      name: `sloth-slo-meta-recordings-${id}`,
      rules: [
        {
          record: 'slo:objective:ratio',
          expr: `vector(${objective.target})`,
          labels: sloLabels,
        },
        {
          record: 'slo:error_budget:ratio',
          expr: `vector(1-${objective.target})`,
          labels: sloLabels,
        },
        {
          record: 'slo:time_period:days',
          expr: `vector(${objective.windowDays})`,
          labels: sloLabels,
        },
        {
          record: 'slo:current_burn_rate:ratio',
          expr: `slo:sli_error:ratio_rate5m${selector}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${selector}\n`,
          labels: sloLabels,
        },
        {
          record: 'slo:period_burn_rate:ratio',
          expr: `slo:sli_error:ratio_rate${period}${selector}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${selector}\n`,
          labels: sloLabels,
        },
        {
          record: 'slo:period_error_budget_remaining:ratio',
          expr: `1 - slo:period_burn_rate:ratio${selector}`,
          labels: sloLabels,
        },
        {
          record: 'sloth_slo_info',
          expr: 'vector(1)',
          labels: {
            ...sloLabels,
            sloth_mode: 'mcp-insights',
            sloth_objective: String(Math.round(objective.target * 1e6) / 1e4),
            sloth_spec: 'prometheus/v1',
            sloth_version: 'mcp-insights',
            owner: input.team,
            mcp_server: input.serverRef,
          },
        },
      ],
    });

    const condition = (severity: 'page' | 'ticket') =>
      BURN_RATE_CONDITIONS.filter(c => c.severity === severity)
        .map(
          c =>
            `(\n    max(slo:sli_error:ratio_rate${c.shortWindow}${selector} > (${c.factor} * ${budget})) without (sloth_window)\n    and\n    max(slo:sli_error:ratio_rate${c.longWindow}${selector} > (${c.factor} * ${budget})) without (sloth_window)\n)`,
        )
        .join('\nor\n');
    const what = input.tool ? `${input.tool} of ${service}` : service;
    const alert = (severity: 'page' | 'ticket') => ({
      alert: 'McpServerErrorBudgetBurn',
      expr: `${condition(severity)}\n`,
      // sloth_id repeats the series' label so each SLO's alert rules differ (promtool lints duplicates).
      labels: { sloth_id: id, sloth_severity: severity, owner: input.team },
      annotations: {
        title: `(${severity}) ${what} ${objective.id} SLO error budget burn rate is too fast.`,
        summary: `{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.`,
        ...(options.runbookBaseUrl
          ? {
              runbook_url: `${options.runbookBaseUrl.replace(
                /\/$/,
                '',
              )}/${input.serverRef.replace(':', '/')}`,
            }
          : {}),
      },
    });
    groups.push({
      name: `sloth-slo-alerts-${id}`,
      rules: [alert('page'), alert('ticket')],
    });
  }
  return { groups, warnings };
}

/** The rules as a YAML rule file, with a header naming the generator. */
export function rulesToYaml(rules: GeneratedRules): string {
  const header = [
    '# Generated by MCP insights (Sloth-compatible rule names). Do not edit: change the SLO',
    `# annotation (${ANNOTATION_SLO}) of the server instead.`,
    ...rules.warnings.map(w => `# note: ${w}`),
  ].join('\n');
  return `${header}\n${stringify({ groups: rules.groups }, { lineWidth: 0 })}`;
}

import { TestDatabases } from '@backstage/backend-test-utils';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { DatabaseInsightsStore } from '../database/DatabaseInsightsStore';
import { migrationConfig } from '../database/migrations';
import { SloEvaluator } from '../slo/SloEvaluator';
import { requireBinary } from '../testing/startPrometheus';
import { testSettings } from '../testing/testSettings';
import { grafanaDashboard } from './grafanaDashboard';
import { generateSloRules, rulesToYaml } from './prometheusRules';
import { sloRuleInputs } from './sloRuleInputs';

jest.setTimeout(60_000);

function promtool(dir: string, ...args: string[]) {
  const result = spawnSync(requireBinary('promtool'), args, {
    cwd: dir,
    encoding: 'utf8',
  });
  return {
    status: result.status,
    output: `${result.stdout}\n${result.stderr}`,
  };
}

const LEDGER = 'api:default/payments-ledger';
const series = (
  name: string,
  labels: Record<string, string>,
  values: string,
) => ({
  series: `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`,
  values,
});

describe('generated Prometheus rules', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-insights-rules-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(databases.eachSupportedId())(
    'pass promtool check rules and promtool test rules for the stored SLOs, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest(migrationConfig);
      const store = DatabaseInsightsStore.fromKnex(knex);
      await store.syncServers(
        [
          {
            serverRef: LEDGER,
            name: 'payments-ledger',
            teamRef: 'group:default/payments',
            sloAnnotation: 'availability=99.9,latency-p95=2000ms,window=30d',
          },
          {
            serverRef: 'api:default/support-desk',
            name: 'support-desk',
            teamRef: 'group:default/customer-success',
            sloAnnotation: 'availability=99.5,latency-p95=1500ms',
          },
        ],
        Date.now(),
      );
      const slo = testSettings({
        slo: {
          objectives: [
            {
              server: LEDGER,
              tool: 'refund_payment',
              objectives: 'availability=99',
            },
          ],
        },
      }).slo;
      const evaluator = new SloEvaluator({ store, settings: slo });
      const rules = generateSloRules(
        sloRuleInputs(await store.listServers(), evaluator, slo),
      );
      expect(rules.groups.map(g => g.name)).toEqual([
        'sloth-slo-sli-recordings-payments-ledger-availability',
        'sloth-slo-meta-recordings-payments-ledger-availability',
        'sloth-slo-alerts-payments-ledger-availability',
        'sloth-slo-sli-recordings-payments-ledger-latency-p95',
        'sloth-slo-meta-recordings-payments-ledger-latency-p95',
        'sloth-slo-alerts-payments-ledger-latency-p95',
        'sloth-slo-sli-recordings-payments-ledger-refund_payment-availability',
        'sloth-slo-meta-recordings-payments-ledger-refund_payment-availability',
        'sloth-slo-alerts-payments-ledger-refund_payment-availability',
        'sloth-slo-sli-recordings-support-desk-availability',
        'sloth-slo-meta-recordings-support-desk-availability',
        'sloth-slo-alerts-support-desk-availability',
        'sloth-slo-sli-recordings-support-desk-latency-p95',
        'sloth-slo-meta-recordings-support-desk-latency-p95',
        'sloth-slo-alerts-support-desk-latency-p95',
      ]);
      // 1.5 s is not a bucket bound of the golden-path histogram: the nearest lower one is used.
      expect(rules.warnings).toEqual([
        'support-desk-latency-p95: 1.5s is not a histogram bucket bound; the rules use le="1" (stricter)',
      ]);
      fs.writeFileSync(path.join(dir, 'rules.yml'), rulesToYaml(rules));
      const check = promtool(dir, 'check', 'rules', 'rules.yml');
      // 5 SLOs × (8 SLI windows + 7 metadata series + 2 alerts).
      expect(check.output).toContain('SUCCESS: 85 rules found');
      expect(check.status).toBe(0);

      // An hour of traffic: the ledger fails 10 % of its calls (100× its 0.1 % budget) while
      // 1 % of its calls are slower than 2 s (a fifth of the latency budget); the desk is healthy.
      const ledger = { server: 'payments-ledger', tool_name: 'get_payment' };
      const desk = { server: 'support-desk', tool_name: 'search_tickets' };
      const alert = (severity: 'page' | 'ticket') => ({
        exp_labels: {
          sloth_severity: severity,
          owner: 'group:default/payments',
          sloth_id: 'payments-ledger-availability',
          sloth_service: 'payments-ledger',
          sloth_slo: 'availability',
        },
        exp_annotations: {
          title: `(${severity}) payments-ledger availability SLO error budget burn rate is too fast.`,
          summary:
            'payments-ledger availability SLO error budget burn rate is over expected.',
        },
      });
      const sloLabels = (
        id: string,
        service: string,
        sloName: string,
        window: string,
      ) =>
        `slo:sli_error:ratio_rate${window}{sloth_id="${id}",sloth_service="${service}",sloth_slo="${sloName}",sloth_window="${window}"}`;
      const tests = {
        rule_files: ['rules.yml'],
        evaluation_interval: '1m',
        tests: [
          {
            interval: '1m',
            input_series: [
              series(
                'mcp_tool_invocations_total',
                { ...ledger, status: 'success' },
                '0+90x60',
              ),
              series(
                'mcp_tool_invocations_total',
                { ...ledger, status: 'error' },
                '0+10x60',
              ),
              series('mcp_tool_duration_seconds_count', ledger, '0+100x60'),
              series(
                'mcp_tool_duration_seconds_bucket',
                { ...ledger, le: '2' },
                '0+99x60',
              ),
              series(
                'mcp_tool_invocations_total',
                { ...desk, status: 'success' },
                '0+50x60',
              ),
              series('mcp_tool_duration_seconds_count', desk, '0+50x60'),
              series(
                'mcp_tool_duration_seconds_bucket',
                { ...desk, le: '1' },
                '0+50x60',
              ),
            ],
            promql_expr_test: [
              {
                expr: 'slo:sli_error:ratio_rate5m{sloth_id="payments-ledger-availability"}',
                eval_time: '60m',
                exp_samples: [
                  {
                    labels: sloLabels(
                      'payments-ledger-availability',
                      'payments-ledger',
                      'availability',
                      '5m',
                    ),
                    value: 0.1,
                  },
                ],
              },
              {
                expr: 'round(slo:sli_error:ratio_rate1h{sloth_id="payments-ledger-latency-p95"}, 0.000001)',
                eval_time: '60m',
                exp_samples: [
                  {
                    labels: sloLabels(
                      'payments-ledger-latency-p95',
                      'payments-ledger',
                      'latency-p95',
                      '1h',
                    ).replace(/^[^{]+/, ''),
                    value: 0.01,
                  },
                ],
              },
              {
                expr: 'slo:sli_error:ratio_rate5m{sloth_id="support-desk-availability"}',
                eval_time: '60m',
                exp_samples: [
                  {
                    labels: sloLabels(
                      'support-desk-availability',
                      'support-desk',
                      'availability',
                      '5m',
                    ),
                    value: 0,
                  },
                ],
              },
            ],
            alert_rule_test: [
              {
                eval_time: '60m',
                alertname: 'McpServerErrorBudgetBurn',
                exp_alerts: [alert('page'), alert('ticket')],
              },
            ],
          },
          {
            // Healthy: no alert at all.
            interval: '1m',
            input_series: [
              series(
                'mcp_tool_invocations_total',
                { ...ledger, status: 'success' },
                '0+100x60',
              ),
              series(
                'mcp_tool_invocations_total',
                { ...ledger, status: 'error' },
                '0+0x60',
              ),
              series('mcp_tool_duration_seconds_count', ledger, '0+100x60'),
              series(
                'mcp_tool_duration_seconds_bucket',
                { ...ledger, le: '2' },
                '0+100x60',
              ),
            ],
            alert_rule_test: [
              {
                eval_time: '60m',
                alertname: 'McpServerErrorBudgetBurn',
                exp_alerts: [],
              },
            ],
          },
        ],
      };
      fs.writeFileSync(path.join(dir, 'rules.test.yml'), stringify(tests));
      const test = promtool(dir, 'test', 'rules', 'rules.test.yml');
      expect(test.output).toContain('SUCCESS');
      expect(test.status).toBe(0);
    },
  );

  it('builds a Grafana dashboard whose every query is valid PromQL', () => {
    const dashboard = grafanaDashboard({
      serverRef: LEDGER,
      serverName: 'payments-ledger',
      title: 'Payments ledger',
      objectives: [
        {
          id: 'availability',
          kind: 'availability',
          target: 0.999,
          windowDays: 30,
        },
        {
          id: 'latency-p95',
          kind: 'latency',
          target: 0.95,
          thresholdMs: 2000,
          windowDays: 30,
        },
      ],
    }) as {
      uid: string;
      title: string;
      panels: { title: string; targets: { expr: string }[] }[];
    };
    expect(dashboard.title).toBe('MCP server: Payments ledger');
    expect(dashboard.uid).toMatch(/^mcp-[0-9a-f]{16}$/);
    expect(dashboard.panels.map(p => p.title)).toEqual([
      'Calls per second by tool',
      'Error ratio by tool',
      'p95 latency by tool',
      'LLM tokens per second by model and direction',
      'availability: error budget left',
      'availability: SLI over 30d',
      'availability: burn rate',
      'latency-p95: error budget left',
      'latency-p95: SLI over 30d',
      'latency-p95: burn rate',
    ]);
    const exprs = dashboard.panels.flatMap(p => p.targets.map(t => t.expr));
    expect(exprs.every(e => e.includes('payments-ledger'))).toBe(true);
    // promtool validates PromQL through rules: each query becomes a recording rule.
    fs.writeFileSync(
      path.join(dir, 'dashboard-queries.yml'),
      stringify({
        groups: [
          {
            name: 'dashboard',
            rules: exprs.map((expr, i) => ({
              record: `dashboard:query${i}`,
              expr: expr.replace(/\$__rate_interval/g, '5m'),
            })),
          },
        ],
      }),
    );
    const check = promtool(dir, 'check', 'rules', 'dashboard-queries.yml');
    expect(check.output).toContain(`SUCCESS: ${exprs.length} rules found`);
  });
});

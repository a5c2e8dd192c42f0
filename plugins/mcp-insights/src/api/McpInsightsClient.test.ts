import { mockApis } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { McpInsightsClient } from './McpInsightsClient';

function client(respond: (url: string) => Response) {
  const requested: string[] = [];
  const fetchApi = mockApis.fetch({
    baseImplementation: async (input: RequestInfo | URL) => {
      requested.push(String(input));
      return respond(String(input));
    },
  });
  return {
    requested,
    client: new McpInsightsClient({
      discoveryApi: mockApis.discovery(),
      fetchApi,
    }),
  };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

describe('McpInsightsClient', () => {
  it('asks for reports with their filters, and servers by namespace and name', async () => {
    const { client: c, requested } = client(() => json({}));
    await c.getTeamCostReport({
      team: 'group:default/payments',
      month: '2026-11',
    });
    await c.getServerCostReport({ serverRef: 'api:default/payments-ledger' });
    await c.listConsumerCosts({ month: '2026-11' });
    await c.getConsumerCostReport({ team: 'direct' });
    await c.getSloServer('api:ops/fx rates');
    await c.listSloServers({ status: 'page' });
    expect(requested).toEqual([
      'http://example.com/api/mcp-insights/v1/cost/report?team=group%3Adefault%2Fpayments&month=2026-11',
      'http://example.com/api/mcp-insights/v1/cost/servers/default/payments-ledger',
      'http://example.com/api/mcp-insights/v1/cost/consumers?month=2026-11',
      'http://example.com/api/mcp-insights/v1/cost/consumers/report?team=direct',
      'http://example.com/api/mcp-insights/v1/slo/servers/ops/fx%20rates',
      'http://example.com/api/mcp-insights/v1/slo/servers?status=page',
    ]);
  });

  it('downloads the CSV with the same filters, under the name the backend gives', async () => {
    const { client: c, requested } = client(
      () =>
        new Response('date,team\r\n', {
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition':
              'attachment; filename="mcp-cost-group-default-payments-2026-11.csv"',
          },
        }),
    );
    const file = await c.exportCostCsv({
      team: 'group:default/payments',
      month: '2026-11',
      level: 'tool',
    });
    expect(requested).toEqual([
      'http://example.com/api/mcp-insights/v1/cost/export.csv?team=group%3Adefault%2Fpayments&month=2026-11&level=tool',
    ]);
    expect(file.fileName).toBe('mcp-cost-group-default-payments-2026-11.csv');
    expect(await file.blob.text()).toBe('date,team\r\n');
  });

  it("asks for the consuming view of the CSV, without the owning view's level", async () => {
    const { client: c, requested } = client(() => new Response('date\r\n'));
    const file = await c.exportCostCsv({
      team: 'group:default/analytics',
      level: 'tool',
      view: 'consuming',
    });
    expect(requested).toEqual([
      'http://example.com/api/mcp-insights/v1/cost/export.csv?team=group%3Adefault%2Fanalytics&view=consuming',
    ]);
    expect(file.fileName).toBe(
      'mcp-cost-consumers-group-default-analytics-current.csv',
    );
  });

  it('names exports of one server after it', async () => {
    const { client: c, requested } = client(() => new Response('{}'));
    const rules = await c.exportPrometheusRules({
      serverRef: 'api:default/payments-ledger',
    });
    const dashboard = await c.exportGrafanaDashboard(
      'api:default/payments-ledger',
    );
    expect(requested).toEqual([
      'http://example.com/api/mcp-insights/v1/export/prometheus-rules?server=api%3Adefault%2Fpayments-ledger',
      'http://example.com/api/mcp-insights/v1/export/grafana/default/payments-ledger',
    ]);
    expect(rules.fileName).toBe('mcp-slo-rules-payments-ledger.yaml');
    expect(dashboard.fileName).toBe('mcp-grafana-payments-ledger.json');
  });

  it('posts an estimate request as JSON and reads the answer', async () => {
    const sent: { url: string; method?: string; body?: string }[] = [];
    const fetchApi = mockApis.fetch({
      baseImplementation: async (
        input: RequestInfo | URL,
        init?: RequestInit,
      ) => {
        sent.push({
          url: String(input),
          method: init?.method,
          body: String(init?.body),
        });
        return json({ currency: 'USD', monthly: 33.12 });
      },
    });
    const c = new McpInsightsClient({
      discoveryApi: mockApis.discovery(),
      fetchApi,
    });
    const estimate = await c.estimateComputeCost({
      replicas: 2,
      cpu: 0.5,
      memoryMiB: 512,
    });
    expect(estimate).toEqual({ currency: 'USD', monthly: 33.12 });
    expect(sent).toEqual([
      {
        url: 'http://example.com/api/mcp-insights/v1/cost/estimate',
        method: 'POST',
        body: '{"replicas":2,"cpu":0.5,"memoryMiB":512}',
      },
    ]);
  });

  it("fails with a ResponseError that carries the backend's message", async () => {
    const { client: c } = client(() =>
      json(
        {
          error: { name: 'NotFoundError', message: 'No team group:default/x' },
          response: { statusCode: 404 },
        },
        404,
      ),
    );
    const error = await c
      .getTeamCostReport({ team: 'group:default/x' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(404);
    expect(error.body.error.message).toBe('No team group:default/x');
  });
});

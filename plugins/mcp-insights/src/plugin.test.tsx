import { Entity } from '@backstage/catalog-model';
import { ApiBlueprint } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { screen } from '@testing-library/react';
import { McpInsightsApi, mcpInsightsApiRef } from './api';
import {
  mcpComputeCostEstimateFormField,
  mcpGroupCostContent,
  mcpInsightsApi,
  mcpInsightsPage,
  mcpServerCostContent,
  mcpServerSloContent,
} from './plugin';
import { fakeMcpInsightsApi } from './__testUtils__/fakeMcpInsightsApi';
import { paymentsReport, teamList } from './__testUtils__/fixtures';

const api = (type: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name: 'payments-ledger' },
  spec: { type, lifecycle: 'production', owner: 'payments', definition: 'x' },
});
const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments' },
  spec: { type: 'team', children: [] },
};

describe('mcp-insights plugin', () => {
  const { title, filterFunction } = EntityContentBlueprint.dataRefs;

  it('shows the "Cost" and "SLO" tabs on mcp-server APIs only', () => {
    const cost = createExtensionTester(mcpServerCostContent);
    const slo = createExtensionTester(mcpServerSloContent);
    expect([cost.get(title), slo.get(title)]).toEqual(['Cost', 'SLO']);
    for (const filter of [cost.get(filterFunction), slo.get(filterFunction)]) {
      expect(filter!(api('mcp-server'))).toBe(true);
      expect(filter!(api('openapi'))).toBe(false);
      expect(filter!(group)).toBe(false);
    }
  });

  it('offers the scaffolder the McpComputeCostEstimate field', async () => {
    const tester = createExtensionTester(mcpComputeCostEstimateFormField);
    const field = await tester.get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    )();
    expect(field).toMatchObject({
      $$type: '@backstage/scaffolder/FormField',
      name: 'McpComputeCostEstimate',
    });
  });

  it('shows the "MCP cost" tab on groups only', () => {
    const tester = createExtensionTester(mcpGroupCostContent);
    const filter = tester.get(filterFunction)!;
    expect(tester.get(title)).toBe('MCP cost');
    expect(filter(group)).toBe(true);
    expect(filter(api('mcp-server'))).toBe(false);
  });

  it('builds a client of the backend at /api/mcp-insights', async () => {
    const requested: string[] = [];
    const fetchApi = mockApis.fetch({
      baseImplementation: async (input: RequestInfo | URL) => {
        requested.push(String(input));
        return new Response(JSON.stringify(teamList), {
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    const factory = createExtensionTester(mcpInsightsApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe('plugin.mcp-insights.service');
    const client = factory.factory({
      discoveryApi: mockApis.discovery(),
      fetchApi,
    }) as McpInsightsApi;

    expect((await client.listTeamCosts()).teams).toHaveLength(3);
    expect(requested).toEqual([
      'http://example.com/api/mcp-insights/v1/cost/teams',
    ]);
  });

  it('renders the team cost report first, with the SLO tab next to it', async () => {
    const { api: insightsApi } = fakeMcpInsightsApi({
      listTeamCosts: async () => teamList,
      getTeamCostReport: async () => paymentsReport,
    });
    await renderInTestApp(
      createExtensionTester(mcpInsightsPage).reactElement(),
      {
        apis: [[mcpInsightsApiRef, insightsApi]],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    // The page is loaded lazily, which takes a while the first time in a test (setupTests.ts
    // gives findBy* the time).
    expect(await screen.findByText('82.0 % used')).toBeInTheDocument();
    expect(
      screen.getAllByRole('heading', { name: 'MCP insights' }),
    ).toHaveLength(1);
    expect(screen.getByRole('tab', { name: 'Team cost' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(screen.getByRole('tab', { name: 'SLOs' })).toBeInTheDocument();
  });
});

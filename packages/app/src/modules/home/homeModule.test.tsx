import { identityApiRef } from '@backstage/core-plugin-api';
import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import homePlugin from '@backstage/plugin-home/alpha';
import {
  McpCatalogApi,
  mcpCatalogApiRef,
} from '@mcp-platform/plugin-mcp-catalog';
import {
  McpInsightsApi,
  mcpInsightsApiRef,
} from '@mcp-platform/plugin-mcp-insights';
import { screen } from '@testing-library/react';
import { homeModule } from './homeModule';

const emptyPage = { items: [], totalCount: 0, offset: 0, limit: 50 };

describe('homeModule', () => {
  it("replaces the home page's boilerplate with the platform's layout and widgets", async () => {
    renderTestApp({
      features: [homePlugin, homeModule],
      initialRouteEntries: ['/home'],
      config: {
        app: {
          // As app-config.yaml turns create-app's widgets off.
          extensions: [
            { 'home-page-widget:home/random-joke': false },
            { 'home-page-widget:home/world-clock': false },
            { 'home-page-widget:home/toolkit': false },
          ],
        },
      },
      apis: [
        [
          mcpCatalogApiRef,
          {
            listServers: async () => emptyPage,
            searchTools: async () => emptyPage,
          } as unknown as McpCatalogApi,
        ],
        [
          mcpInsightsApiRef,
          {
            listTeamCosts: async () => ({ currency: 'USD', teams: [] }),
            listSloServers: async () => ({
              counts: { page: 0, ticket: 0, ok: 0, noSlo: 0 },
              items: [],
            }),
          } as unknown as McpInsightsApi,
        ],
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: 'user:default/grace',
            ownershipEntityRefs: ['user:default/grace'],
          }),
        ],
      ],
    });
    expect(
      await screen.findByRole('heading', { name: 'MCP platform' }),
    ).toBeInTheDocument();
    for (const title of [
      'At a glance',
      'Awaiting your approval',
      "Your teams' MCP spend",
      'SLOs paging',
    ])
      expect(await screen.findByText(title)).toBeInTheDocument();
    expect(await screen.findByText(/No SLO is paging/)).toBeInTheDocument();
    expect(screen.queryByText('Random Joke')).not.toBeInTheDocument();
    expect(screen.queryByText('Getting Started')).not.toBeInTheDocument();
  });
});

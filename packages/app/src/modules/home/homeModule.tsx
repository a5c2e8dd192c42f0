import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';

const overviewWidget = HomePageWidgetBlueprint.make({
  name: 'mcp-overview',
  params: {
    name: 'McpPlatformOverview',
    title: 'At a glance',
    description:
      'MCP servers and tools in the catalog, failing, out of service or awaiting approval',
    components: () =>
      import('./widgets/McpOverviewWidget').then(m => ({
        Content: m.McpOverviewWidget,
      })),
  },
});

const approvalsWidget = HomePageWidgetBlueprint.make({
  name: 'mcp-awaiting-approval',
  params: {
    name: 'McpAwaitingApproval',
    title: 'Awaiting your approval',
    description: "New or changed tools of your teams' MCP servers",
    components: () =>
      import('./widgets/AwaitingApprovalWidget').then(m => ({
        Content: m.AwaitingApprovalWidget,
      })),
  },
});

const spendWidget = HomePageWidgetBlueprint.make({
  name: 'mcp-team-spend',
  params: {
    name: 'McpTeamSpend',
    title: "Your teams' MCP spend",
    description: 'Month-to-date spend of your teams against their budgets',
    components: () =>
      import('./widgets/TeamSpendWidget').then(m => ({
        Content: m.TeamSpendWidget,
      })),
  },
});

const slosWidget = HomePageWidgetBlueprint.make({
  name: 'mcp-slos-paging',
  params: {
    name: 'McpSlosPaging',
    title: 'SLOs paging',
    description: 'MCP servers whose error budget burns fast enough to page',
    components: () =>
      import('./widgets/SlosPagingWidget').then(m => ({
        Content: m.SlosPagingWidget,
      })),
  },
});

const platformLayout = HomePageLayoutBlueprint.make({
  name: 'mcp-platform',
  params: {
    loader: () =>
      import('./PlatformHomeLayout').then(m => m.PlatformHomeLayout),
  },
});

/** The platform's home page: its layout and the MCP widgets. */
export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [
    overviewWidget,
    approvalsWidget,
    spendWidget,
    slosWidget,
    platformLayout,
  ],
});

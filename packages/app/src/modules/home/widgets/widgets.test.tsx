import { identityApiRef } from '@backstage/core-plugin-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import mcpCatalogPlugin, {
  McpCatalogApi,
  mcpCatalogApiRef,
  ToolSearchQuery,
} from '@mcp-platform/plugin-mcp-catalog';
import mcpInsightsPlugin, {
  McpInsightsApi,
  mcpInsightsApiRef,
} from '@mcp-platform/plugin-mcp-insights';
import { screen, within } from '@testing-library/react';
import { ReactElement } from 'react';
import { AwaitingApprovalWidget } from './AwaitingApprovalWidget';
import { McpOverviewWidget } from './McpOverviewWidget';
import { SlosPagingWidget } from './SlosPagingWidget';
import { TeamSpendWidget } from './TeamSpendWidget';

type ServerPage = Awaited<ReturnType<McpCatalogApi['listServers']>>;
type Server = ServerPage['items'][number];
type Tool = Awaited<ReturnType<McpCatalogApi['searchTools']>>['items'][number];
type TeamCosts = Awaited<ReturnType<McpInsightsApi['listTeamCosts']>>;
type Team = TeamCosts['teams'][number];
type Slos = Awaited<ReturnType<McpInsightsApi['listSloServers']>>;
type Slo = Slos['items'][number];

const server = (name: string, extra: Partial<Server> = {}): Server => ({
  entityRef: `api:default/${name}`,
  name,
  remotes: [],
  status: 'ok',
  consecutiveFailures: 0,
  toolCount: 3,
  updatedAt: '2026-12-01T09:00:00Z',
  ...extra,
});
const tool = (name: string, extra: Partial<Tool> = {}): Tool => ({
  serverRef: 'api:default/payments-ledger',
  serverName: 'payments-ledger',
  owner: 'group:default/payments',
  name,
  readOnly: false,
  destructive: false,
  approval: 'changed',
  state: 'active',
  version: 2,
  definitionHash: 'a'.repeat(64),
  lastSeenAt: '2026-12-01T09:00:00Z',
  ...extra,
});
const page = <T,>(items: T[], totalCount = items.length) => ({
  items,
  totalCount,
  offset: 0,
  limit: 50,
});
const breakdown = (total: number) => ({
  compute: total,
  llmTokens: 0,
  other: 0,
  total,
});
const team = (ref: string, extra: Partial<Team> = {}): Team =>
  ({
    team: ref,
    children: [],
    monthToDate: breakdown(1234),
    previousPeriod: breakdown(1000),
    changeRatio: 0.234,
    monthlyBudget: 2000,
    budgetSource: 'config',
    forecast: 2100,
    usedRatio: 0.617,
    forecastRatio: 1.05,
    serverCount: 2,
    alertCount: 1,
    ...extra,
  } as Team);
const slo = (name: string, teamRef: string, remaining: number): Slo =>
  ({
    serverRef: `api:default/${name}`,
    name,
    team: teamRef,
    objectives: [],
    errorBudgetRemaining: remaining,
    status: 'page',
    calls: 1000,
  } as Slo);

/** Fails as the API clients do: a ResponseError with the status and the backend's error body. */
async function failWith(status: number, message: string): Promise<never> {
  throw Object.assign(new Error(`Request failed with ${status}`), {
    name: 'ResponseError',
    response: { status },
    body: { error: { name: 'Error', message } },
  });
}

function render(
  element: ReactElement,
  apis: {
    catalog?: Partial<McpCatalogApi>;
    insights?: Partial<McpInsightsApi>;
  },
  teams: string[] = ['group:default/payments'],
) {
  return renderInTestApp(element, {
    apis: [
      [mcpCatalogApiRef, apis.catalog as McpCatalogApi],
      [mcpInsightsApiRef, apis.insights as McpInsightsApi],
      [
        identityApiRef,
        mockApis.identity({
          userEntityRef: 'user:default/grace',
          ownershipEntityRefs: ['user:default/grace', ...teams],
        }),
      ],
    ],
    mountedRoutes: {
      '/mcp': mcpCatalogPlugin.routes.root,
      '/mcp-insights': mcpInsightsPlugin.routes.root,
    },
  });
}

describe('McpOverviewWidget', () => {
  it('counts servers, failing, undeployed and disabled ones, tools and tools awaiting approval', async () => {
    const queries: ToolSearchQuery[] = [];
    await render(<McpOverviewWidget />, {
      catalog: {
        listServers: async () =>
          page([
            server('payments-ledger'),
            server('broken', { status: 'error' }),
            server('fresh', { status: 'awaiting-deployment' }),
            server('support-desk', {
              disabled: {
                scope: 'server',
                by: 'user:default/guest',
                at: '2026-12-01T09:00:00Z',
                reason: 'INC-1',
              },
            }),
          ]),
        searchTools: async q => {
          queries.push(q);
          return q.changed
            ? page([tool('refund_payment')], 2)
            : { ...page([tool('x')], 1000), totalCountCapped: true };
        },
      },
    });
    const servers = await screen.findByLabelText('MCP servers');
    expect(servers).toHaveTextContent('4');
    expect(within(servers).getByRole('link')).toHaveAttribute('href', '/mcp');
    expect(
      screen.getByText(
        '1 failing discovery · 1 awaiting first deployment · 1 out of service',
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Tools')).toHaveTextContent('1000+');
    const awaiting = screen.getByLabelText('Tools awaiting approval');
    expect(awaiting).toHaveTextContent('2');
    expect(within(awaiting).getByRole('link')).toHaveAttribute(
      'href',
      '/mcp/tools?changed=true',
    );
    expect(queries.map(q => q.changed)).toEqual([undefined, true]);
  });

  it('shows progress while loading and says what failed', async () => {
    await render(<McpOverviewWidget />, {
      catalog: {
        listServers: () => new Promise(() => {}),
        searchTools: async () => page([]),
      },
    });
    expect(screen.getByTestId('progress')).toBeInTheDocument();

    await render(<McpOverviewWidget />, {
      catalog: {
        listServers: () => failWith(503, 'database unavailable'),
        searchTools: async () => page([]),
      },
    });
    expect(
      await screen.findByText(
        'Could not load the MCP catalog: database unavailable',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/check the backend logs/)).toBeInTheDocument();
  });
});

describe('AwaitingApprovalWidget', () => {
  it("lists the changed tools of the viewer's teams' servers, with links", async () => {
    const queries: ToolSearchQuery[] = [];
    await render(
      <AwaitingApprovalWidget />,
      {
        catalog: {
          searchTools: async q => {
            queries.push(q);
            return page(
              [
                tool('refund_payment', { destructive: true }),
                tool('list_payouts', { approval: 'new', version: 1 }),
              ],
              11,
            );
          },
        },
      },
      ['group:default/payments', 'group:default/platform-team'],
    );
    const refund = await screen.findByText('refund_payment');
    expect(refund.closest('a')).toHaveAttribute(
      'href',
      '/mcp/servers/default/payments-ledger/tools/refund_payment',
    );
    expect(
      screen.getByText('payments-ledger · changed (version 2) · destructive'),
    ).toBeInTheDocument();
    expect(screen.getByText('payments-ledger · new tool')).toBeInTheDocument();
    expect(screen.getByText('9 more').closest('a')).toHaveAttribute(
      'href',
      '/mcp/tools?changed=true',
    );
    expect(queries).toEqual([
      {
        changed: true,
        owner: 'group:default/payments,group:default/platform-team',
        limit: 8,
        offset: 0,
      },
    ]);
  });

  it('says when nothing waits, and when the viewer is in no team', async () => {
    const searchTools = jest.fn(async () => page<Tool>([]));
    await render(<AwaitingApprovalWidget />, { catalog: { searchTools } });
    expect(
      await screen.findByText(/Nothing awaits your approval/),
    ).toBeInTheDocument();

    searchTools.mockClear();
    await render(<AwaitingApprovalWidget />, { catalog: { searchTools } }, []);
    expect(
      await screen.findByText(/You are in no team in the catalog/),
    ).toBeInTheDocument();
    expect(searchTools).not.toHaveBeenCalled();
  });
});

describe('TeamSpendWidget', () => {
  const costs = (teams: Team[]): TeamCosts =>
    ({
      currency: 'USD',
      asOf: '2026-12-15T12:00:00Z',
      teams,
      total: breakdown(0),
    } as unknown as TeamCosts);

  it("shows the viewer's teams' spend against their budgets, and only theirs", async () => {
    await render(
      <TeamSpendWidget />,
      {
        insights: {
          listTeamCosts: async () =>
            costs([
              team('group:default/analytics', { title: 'Analytics' }),
              team('group:default/payments', { title: 'Payments' }),
              team('group:default/platform-team', {
                title: 'Platform team',
                monthToDate: breakdown(40),
                monthlyBudget: null,
                usedRatio: null,
                forecastRatio: null,
              }),
            ]),
        },
      },
      ['group:default/payments', 'group:default/platform-team'],
    );
    expect(await screen.findByText('Payments')).toBeInTheDocument();
    expect(screen.getByText('Payments').closest('a')).toHaveAttribute(
      'href',
      '/mcp-insights?team=group%3Adefault%2Fpayments',
    );
    expect(
      screen.getByText('$1,234 of $2,000 (62 %) · forecast $2,100 · 1 alert'),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText('Payments: 62 % of the budget used'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('$40 this month · no budget set'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Analytics')).not.toBeInTheDocument();
  });

  it('says when the teams have no spend, and what failed', async () => {
    await render(<TeamSpendWidget />, {
      insights: {
        listTeamCosts: async () => costs([team('group:default/analytics')]),
      },
    });
    expect(
      await screen.findByText(
        'Your teams have no MCP spend and no budget this month.',
      ),
    ).toBeInTheDocument();

    await render(<TeamSpendWidget />, {
      insights: { listTeamCosts: () => failWith(404, 'Not Found') },
    });
    expect(
      await screen.findByText("Could not load your teams' spend: Not Found"),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The backend plugin may not be installed.'),
    ).toBeInTheDocument();
  });
});

describe('SlosPagingWidget', () => {
  it("lists the servers paging, the viewer's teams' first, with links to their SLOs", async () => {
    const statuses: (string | undefined)[] = [];
    await render(<SlosPagingWidget />, {
      insights: {
        listSloServers: async query => {
          statuses.push(query?.status);
          return {
            asOf: '2026-12-15T12:00:00Z',
            counts: { page: 2, ticket: 1, ok: 5, noSlo: 0 },
            items: [
              slo('analytics-warehouse', 'group:default/analytics', 0.05),
              slo('payments-ledger', 'group:default/payments', -0.2),
            ],
          };
        },
      },
    });
    const items = await screen.findAllByRole('listitem');
    expect(items.map(i => i.textContent)).toEqual([
      'payments-ledgeryour teampayments · error budget exhausted',
      'analytics-warehouseanalytics · 5 % of the error budget left',
    ]);
    expect(screen.getByText('payments-ledger').closest('a')).toHaveAttribute(
      'href',
      '/mcp-insights/slo/servers/default/payments-ledger',
    );
    expect(screen.getByText(/1 at ticket level · 5 fine/)).toBeInTheDocument();
    expect(statuses).toEqual(['page']);
  });

  it('says when no SLO pages', async () => {
    await render(<SlosPagingWidget />, {
      insights: {
        listSloServers: async () => ({
          asOf: '2026-12-15T12:00:00Z',
          counts: { page: 0, ticket: 0, ok: 4, noSlo: 1 },
          items: [],
        }),
      },
    });
    expect(await screen.findByText(/No SLO is paging/)).toBeInTheDocument();
  });
});

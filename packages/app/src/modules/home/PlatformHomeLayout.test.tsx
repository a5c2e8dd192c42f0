import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { PlatformHomeLayout } from './PlatformHomeLayout';

const widget = (name: string) => ({
  node: {} as never,
  name,
  component: <div data-testid="widget">{name}</div>,
});

describe('PlatformHomeLayout', () => {
  it('puts search and the MCP platform first, then what waits for the viewer, then the rest', async () => {
    await renderInTestApp(
      <PlatformHomeLayout
        widgets={[
          widget('HomePageStarredEntities'),
          widget('McpSlosPaging'),
          widget('McpTeamSpend'),
          widget('HomePageSearchBar'),
          widget('McpAwaitingApproval'),
          widget('McpPlatformOverview'),
          widget('UnreadNotifications'),
        ]}
      />,
    );
    expect(
      screen.getByRole('heading', { name: 'MCP platform' }),
    ).toBeInTheDocument();
    expect(screen.getAllByTestId('widget').map(w => w.textContent)).toEqual([
      'HomePageSearchBar',
      'McpPlatformOverview',
      'McpAwaitingApproval',
      'McpTeamSpend',
      'McpSlosPaging',
      'HomePageStarredEntities',
      'UnreadNotifications',
    ]);
  });
});

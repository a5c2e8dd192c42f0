import { Content, Header, Page } from '@backstage/core-components';
import type { HomePageLayoutProps } from '@backstage/plugin-home-react/alpha';
import Grid from '@material-ui/core/Grid';

/** Names of the platform's widgets, in the order the page shows them, with their widths. */
const PLACES: Record<string, { order: number; md: 4 | 6 | 12 }> = {
  HomePageSearchBar: { order: 0, md: 12 },
  McpPlatformOverview: { order: 1, md: 12 },
  McpAwaitingApproval: { order: 2, md: 4 },
  McpTeamSpend: { order: 3, md: 4 },
  McpSlosPaging: { order: 4, md: 4 },
};
/** Other installed widgets (starred entities, notifications...) follow, two to a row. */
const OTHER = { order: 100, md: 6 as const };

/**
 * The platform's home page: the search bar, the MCP platform at a glance, then what needs the
 * viewer (approvals, their teams' spend, SLOs paging), then the other installed widgets. A fixed
 * layout rather than the customizable grid: the page answers the same questions for everyone.
 */
export function PlatformHomeLayout(props: HomePageLayoutProps) {
  const placed = props.widgets
    .map((widget, index) => ({
      widget,
      index,
      place: (widget.name && PLACES[widget.name]) || OTHER,
    }))
    .sort((a, b) => a.place.order - b.place.order || a.index - b.index);
  return (
    <Page themeId="home">
      <Header
        title="MCP platform"
        subtitle="MCP servers and tools, what waits for you, your teams' spend and SLOs"
      />
      <Content>
        <Grid container spacing={3} alignItems="stretch">
          {placed.map(({ widget, index, place }) => (
            <Grid item xs={12} md={place.md} key={widget.name ?? index}>
              {widget.component}
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}

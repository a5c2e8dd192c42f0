import { mcpServerEntityRef } from '@mcp-platform/plugin-mcp-catalog-common';
import { Content, Header, Link, Page } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import {
  Link as RouterLink,
  Route,
  Routes,
  useLocation,
  useParams,
  useResolvedPath,
} from 'react-router-dom';
import { InsightsBasePathProvider, useInsightsPaths } from './common/paths';
import { TeamCostTab } from './cost/TeamCostTab';
import { SloDashboardTab } from './slo/SloDashboardTab';
import { SloServerView } from './slo/SloServerView';

function SloServerRoute() {
  const { namespace, name } = useParams();
  const paths = useInsightsPaths();
  return (
    <>
      <Box mb={2}>
        <Link to={paths.slo()}>← All servers</Link>
      </Box>
      <SloServerView serverRef={mcpServerEntityRef(namespace!, name!)} />
    </>
  );
}

/** The MCP insights page: the team cost report and the SLO dashboard, as tabs. */
export function McpInsightsPage() {
  const base = useResolvedPath('.').pathname.replace(/\/$/, '');
  const { pathname } = useLocation();
  const tab = pathname.slice(base.length).startsWith('/slo') ? 'slo' : 'cost';
  return (
    <InsightsBasePathProvider basePath={base}>
      <Page themeId="tool">
        <Header
          title="MCP insights"
          subtitle="What each team's MCP servers cost, and whether they meet their SLOs"
        />
        <Content>
          <Tabs
            value={tab}
            indicatorColor="primary"
            style={{ marginBottom: 16 }}
            aria-label="MCP insights views"
          >
            <Tab
              value="cost"
              label="Team cost"
              component={RouterLink}
              to={base || '/'}
            />
            <Tab
              value="slo"
              label="SLOs"
              component={RouterLink}
              to={`${base}/slo`}
            />
          </Tabs>
          <Routes>
            <Route path="/" element={<TeamCostTab />} />
            <Route path="/slo" element={<SloDashboardTab />} />
            <Route
              path="/slo/servers/:namespace/:name"
              element={<SloServerRoute />}
            />
          </Routes>
        </Content>
      </Page>
    </InsightsBasePathProvider>
  );
}

import { mcpServerEntityRef } from '@mcp-platform/plugin-mcp-catalog-common';
import { Content, Header, Page } from '@backstage/core-components';
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
import { McpBasePathProvider } from './common/paths';
import { GatewayTab } from './GatewayTab/GatewayTab';
import { ServersTab } from './ServersTab/ServersTab';
import { ServerView } from './ServerView/ServerView';
import { ToolsTab } from './ToolsTab/ToolsTab';
import { ToolView } from './ToolView/ToolView';

function ServerRoute() {
  const { namespace, name } = useParams();
  return <ServerView entityRef={mcpServerEntityRef(namespace!, name!)} />;
}

function ToolRoute() {
  const { namespace, name, tool } = useParams();
  return (
    <ToolView
      serverRef={mcpServerEntityRef(namespace!, name!)}
      toolName={tool!}
    />
  );
}

/** The MCP catalog at `/mcp`: servers, tool search, the gateway, server and tool pages. */
export function McpCatalogPage() {
  const base = useResolvedPath('.').pathname.replace(/\/$/, '');
  const { pathname } = useLocation();
  const rest = pathname.slice(base.length);
  let tab: string | false = false;
  // Server and tool pages live under /servers: the Servers tab stays marked there.
  if (rest === '' || rest === '/' || rest.startsWith('/servers/'))
    tab = 'servers';
  else if (rest.startsWith('/tools')) tab = 'tools';
  else if (rest.startsWith('/gateway')) tab = 'gateway';

  return (
    <McpBasePathProvider basePath={base}>
      <Page themeId="tool">
        <Header
          title="MCP"
          subtitle="Every MCP server and tool of the company: discovered, reviewed, ready to use"
        />
        <Content>
          <Tabs
            value={tab}
            indicatorColor="primary"
            style={{ marginBottom: 16 }}
            aria-label="MCP catalog views"
          >
            <Tab
              value="servers"
              label="Servers"
              component={RouterLink}
              to={base || '/'}
            />
            <Tab
              value="tools"
              label="Tools"
              component={RouterLink}
              to={`${base}/tools`}
            />
            <Tab
              value="gateway"
              label="Gateway"
              component={RouterLink}
              to={`${base}/gateway`}
            />
          </Tabs>
          <Routes>
            <Route path="/" element={<ServersTab />} />
            <Route path="/tools" element={<ToolsTab />} />
            <Route path="/gateway" element={<GatewayTab />} />
            <Route path="/servers/:namespace/:name" element={<ServerRoute />} />
            <Route
              path="/servers/:namespace/:name/tools/:tool"
              element={<ToolRoute />}
            />
          </Routes>
        </Content>
      </Page>
    </McpBasePathProvider>
  );
}

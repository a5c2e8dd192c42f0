import { Content, Header, Page } from '@backstage/core-components';
import { McpServersTable } from './McpServersTable';

/** The MCP catalog page at `/mcp`. */
export function McpCatalogPage() {
  return (
    <Page themeId="tool">
      <Header
        title="MCP"
        subtitle="Every MCP server of the company, with its tools"
      />
      <Content>
        <McpServersTable />
      </Content>
    </Page>
  );
}

import { CodeSnippet, InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { McpClientKind } from '@mcp-platform/plugin-mcp-catalog-common';
import { mcpCatalogApiRef } from '../../api';
import { McpErrorPanel } from '../common/errors';

const CLIENT_TABS: { kind: McpClientKind; label: string }[] = [
  { kind: 'claude-desktop', label: 'Claude Desktop' },
  { kind: 'cursor', label: 'Cursor' },
  { kind: 'vscode', label: 'VS Code' },
];

/** The snippet that adds this server to an MCP client, with a copy button. */
export function ClientConfigCard(props: { entityRef: string }) {
  const api = useApi(mcpCatalogApiRef);
  const [client, setClient] = useState<McpClientKind>('claude-desktop');
  const { value, loading, error } = useAsync(
    () => api.getClientConfig(props.entityRef, client),
    [api, props.entityRef, client],
  );
  return (
    <InfoCard title="Use it from your MCP client">
      <Tabs
        value={client}
        onChange={(_e, v) => setClient(v)}
        indicatorColor="primary"
        aria-label="MCP client"
      >
        {CLIENT_TABS.map(c => (
          <Tab key={c.kind} value={c.kind} label={c.label} />
        ))}
      </Tabs>
      {loading && <Progress />}
      {error && (
        <McpErrorPanel
          error={error}
          title="Could not build the client config"
        />
      )}
      {value && (
        <>
          <Typography variant="body2" style={{ margin: '12px 0 4px' }}>
            Add this to <code>{value.fileHint}</code>:
          </Typography>
          <CodeSnippet
            text={JSON.stringify(value.config, null, 2)}
            language="json"
            showCopyCodeButton
          />
        </>
      )}
    </InfoCard>
  );
}

import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  MCP_CLIENTS,
  McpClientKind,
} from '@mcp-platform/plugin-mcp-catalog-common';
import { mcpCatalogApiRef } from '../../api';
import { ClientSnippet, ClientTabs } from '../common/ClientSnippet';
import { McpErrorPanel } from '../common/errors';

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
      <ClientTabs clients={MCP_CLIENTS} selected={client} onSelect={setClient}>
        {loading && <Progress />}
        {error && (
          <McpErrorPanel
            error={error}
            title="Could not build the client config"
          />
        )}
        {value && (
          <ClientSnippet fileHint={value.fileHint} config={value.config} />
        )}
      </ClientTabs>
    </InfoCard>
  );
}

import { Link, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { GatewayUpstreamStatus } from '@mcp-platform/plugin-mcp-gateway-common';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { mcpGatewayApiRef } from '../../api';
import { BreakerChip, RevisionChips } from '../common/badges';
import { McpErrorPanel } from '../common/errors';
import { useMcpPaths } from '../common/paths';
import { timeAgo, timeUntil } from '../common/time';

const columns = (
  paths: ReturnType<typeof useMcpPaths>,
): TableColumn<GatewayUpstreamStatus>[] => [
  {
    title: 'Server',
    field: 'alias',
    highlight: true,
    render: u => <Link to={paths.server(u.serverRef)}>{u.alias}</Link>,
  },
  {
    title: 'Breaker',
    field: 'breaker',
    render: u => (
      <>
        <BreakerChip state={u.breaker} />
        {u.breaker !== 'closed' && u.retryAt && (
          <Typography variant="caption" display="block">
            {u.breaker === 'open'
              ? `probe ${timeUntil(u.retryAt)}`
              : 'probing now'}
          </Typography>
        )}
      </>
    ),
  },
  {
    title: 'In flight',
    field: 'inFlight',
    render: u => `${u.inFlight} / ${u.maxConcurrency}`,
  },
  {
    title: 'Recent failures',
    field: 'recentFailures',
    render: u =>
      u.recentCalls === 0
        ? 'no recent calls'
        : `${u.recentFailures} of ${u.recentCalls} calls`,
  },
  {
    title: 'Last error',
    field: 'lastError',
    sorting: false,
    // Upstream errors are untrusted text: rendered as text, never as markup.
    render: u =>
      u.lastError ? (
        <>
          <Typography
            variant="body2"
            color="error"
            style={{ maxWidth: 420, overflowWrap: 'anywhere' }}
          >
            {u.lastError.length > 300
              ? `${u.lastError.slice(0, 300)}…`
              : u.lastError}
          </Typography>
          {u.lastErrorAt && (
            <Typography variant="caption" title={u.lastErrorAt}>
              {timeAgo(u.lastErrorAt)}
            </Typography>
          )}
        </>
      ) : (
        '—'
      ),
  },
  {
    title: 'Protocol',
    field: 'protocolVersion',
    render: u => <RevisionChips protocolVersion={u.protocolVersion} />,
  },
];

/** Each upstream MCP server as the gateway sees it: breaker state, load, recent failures. */
export function UpstreamHealthTable() {
  const api = useApi(mcpGatewayApiRef);
  const paths = useMcpPaths();
  const { value, loading, error } = useAsync(() => api.listUpstreams(), [api]);
  const tableColumns = useMemo(() => columns(paths), [paths]);
  if (error)
    return (
      <McpErrorPanel
        error={error}
        title="Could not load upstream health"
        backend="mcp-gateway"
      />
    );
  const items = value?.items ?? [];
  const open = items.filter(u => u.breaker !== 'closed').length;
  return (
    <Table<GatewayUpstreamStatus>
      title="Upstream health"
      subtitle={
        open
          ? `${open} of ${items.length} servers failing or recovering: their tools drop out of lists until they recover`
          : undefined
      }
      isLoading={loading}
      options={{
        paging: items.length > 20,
        pageSize: 20,
        search: false,
        padding: 'dense',
      }}
      columns={tableColumns}
      data={items}
      emptyContent={
        <Typography style={{ padding: 16 }}>
          No upstream servers yet: the gateway connects to a catalogued MCP
          server when a client first lists or calls its tools, and shows its
          health here from then on.
        </Typography>
      }
    />
  );
}

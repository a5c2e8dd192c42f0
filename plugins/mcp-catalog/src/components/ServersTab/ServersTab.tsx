import { Link, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { McpServerSummary } from '@mcp-platform/plugin-mcp-catalog-common';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { mcpCatalogApiRef } from '../../api';
import {
  OutOfServiceChip,
  RevisionChips,
  SeverityChip,
  StatusChip,
} from '../common/badges';
import { McpErrorPanel } from '../common/errors';
import { useMcpPaths } from '../common/paths';
import { timeAgo } from '../common/time';

/** Every MCP server with its discovery status, tool count and findings. */
export function ServersTab() {
  const api = useApi(mcpCatalogApiRef);
  const paths = useMcpPaths();
  const { value, loading, error } = useAsync(() => api.listServers(), [api]);
  if (error)
    return <McpErrorPanel error={error} title="Could not load MCP servers" />;

  const columns: TableColumn<McpServerSummary>[] = [
    {
      title: 'Server',
      field: 'name',
      highlight: true,
      render: s => (
        <Link to={paths.server(s.entityRef)}>{s.title ?? s.name}</Link>
      ),
    },
    {
      title: 'Owner',
      field: 'owner',
      render: s =>
        s.owner ? (
          <EntityRefLink entityRef={s.owner} defaultKind="group" />
        ) : (
          'unowned'
        ),
    },
    { title: 'Lifecycle', field: 'lifecycle' },
    {
      title: 'Protocol',
      field: 'protocolRevisions',
      render: s => (
        <>
          <RevisionChips
            revisions={s.protocolRevisions}
            protocolVersion={s.protocolVersion}
          />
          <Typography variant="caption" display="block">
            {s.transport ?? s.remotes.map(r => r.type).join(', ')}
          </Typography>
        </>
      ),
    },
    {
      title: 'Status',
      field: 'status',
      render: s => (
        <>
          <StatusChip status={s.status} />
          <OutOfServiceChip disabled={s.disabled} />
          <Typography variant="caption" display="block">
            {s.lastSuccessAt
              ? `last discovered ${timeAgo(s.lastSuccessAt)}`
              : 'never answered'}
          </Typography>
          {s.status === 'error' && s.lastError && (
            <Typography
              variant="caption"
              color="error"
              display="block"
              style={{ maxWidth: 360, overflowWrap: 'anywhere' }}
            >
              {s.lastError.length > 200
                ? `${s.lastError.slice(0, 200)}…`
                : s.lastError}
            </Typography>
          )}
        </>
      ),
    },
    { title: 'Tools', field: 'toolCount', type: 'numeric' },
    {
      title: 'Findings',
      field: 'maxSeverity',
      render: s => <SeverityChip severity={s.maxSeverity} />,
    },
  ];

  return (
    <Table<McpServerSummary>
      title={`MCP servers (${value?.totalCount ?? 0})`}
      isLoading={loading}
      options={{ paging: true, pageSize: 20, search: true, padding: 'dense' }}
      columns={columns}
      data={value?.items ?? []}
      emptyContent={
        <Typography style={{ padding: 16 }}>
          No MCP servers yet. Register an <code>API</code> entity with{' '}
          <code>spec.type: mcp-server</code> and <code>spec.remotes</code>, or
          create one from the MCP server template; it appears here within a
          minute.
        </Typography>
      }
    />
  );
}

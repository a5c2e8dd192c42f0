import { Link, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  GatewayRefusedCall,
  mcpGatewayAdminPermission,
} from '@mcp-platform/plugin-mcp-gateway-common';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { mcpGatewayApiRef } from '../../api';
import { GatewayAccessChip } from '../common/badges';
import { McpErrorPanel } from '../common/errors';
import { useMcpPaths } from '../common/paths';
import { timeAgo } from '../common/time';
import { PolicyDecisionRef } from './PolicyDecisionRef';

const columns = (
  paths: ReturnType<typeof useMcpPaths>,
  showUser: boolean,
): TableColumn<GatewayRefusedCall>[] => [
  {
    title: 'When',
    field: 'at',
    defaultSort: 'desc',
    render: r => <span title={r.at}>{timeAgo(r.at)}</span>,
  },
  ...(showUser
    ? [
        {
          title: 'Caller',
          field: 'user',
        } as TableColumn<GatewayRefusedCall>,
      ]
    : []),
  {
    title: 'Tool',
    field: 'tool',
    render: r => (
      <>
        <Link to={paths.tool(r.serverRef, r.tool)}>
          <code>{r.tool}</code>
        </Link>
        <Typography variant="caption" display="block">
          on{' '}
          <Link to={paths.server(r.serverRef)}>
            {parseEntityRef(r.serverRef).name}
          </Link>
        </Typography>
      </>
    ),
  },
  {
    title: 'Refused',
    field: 'kind',
    render: r => <GatewayAccessChip refusal={r.kind} />,
  },
  {
    title: 'Why',
    field: 'message',
    sorting: false,
    render: r => (
      <>
        <Typography variant="body2" style={{ maxWidth: 480 }}>
          {r.message}
        </Typography>
        <PolicyDecisionRef rule={r.rule} decisionId={r.decisionId} />
      </>
    ),
  },
];

/** Calls the gateway refused recently: the user's own, or everyone's for gateway admins. */
export function RefusedCallsTable() {
  const api = useApi(mcpGatewayApiRef);
  const paths = useMcpPaths();
  const { allowed: isAdmin } = usePermission({
    permission: mcpGatewayAdminPermission,
  });
  const [everyone, setEveryone] = useState(false);
  const all = isAdmin && everyone;
  const { value, loading, error } = useAsync(
    () => api.listRefusals({ all }),
    [api, all],
  );
  const tableColumns = useMemo(() => columns(paths, all), [paths, all]);
  if (error)
    return (
      <McpErrorPanel
        error={error}
        title="Could not load refused calls"
        backend="mcp-gateway"
      />
    );
  return (
    <Table<GatewayRefusedCall>
      title={
        <Box display="flex" alignItems="center" flexWrap="wrap">
          <Typography variant="h6" style={{ marginRight: 16 }}>
            {all
              ? 'Recent refused calls (everyone)'
              : 'Your recent refused calls'}
          </Typography>
          {isAdmin && (
            <FormControlLabel
              control={
                <Switch
                  size="small"
                  checked={everyone}
                  onChange={e => setEveryone(e.target.checked)}
                />
              }
              label="Every caller's (gateway admin)"
            />
          )}
        </Box>
      }
      isLoading={loading}
      options={{ paging: true, pageSize: 10, search: true, padding: 'dense' }}
      columns={tableColumns}
      data={value?.items ?? []}
      emptyContent={
        <Typography style={{ padding: 16 }}>
          {all
            ? 'The gateway has refused no calls recently.'
            : 'The gateway has refused none of your calls recently.'}
        </Typography>
      }
    />
  );
}

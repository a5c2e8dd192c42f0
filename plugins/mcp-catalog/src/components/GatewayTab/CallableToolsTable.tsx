import { Link, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  GatewayEndpoints,
  GatewayToolView,
} from '@mcp-platform/plugin-mcp-gateway-common';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { mcpGatewayApiRef } from '../../api';
import { GatewayAccessChip } from '../common/badges';
import { McpErrorPanel } from '../common/errors';
import { useMcpPaths } from '../common/paths';
import { PolicyDecisionRef } from './PolicyDecisionRef';

/** Which rows the table shows. */
export type AccessFilter = 'all' | 'callable' | 'refused';

const serverName = (ref: string) => parseEntityRef(ref).name;

const columns = (
  paths: ReturnType<typeof useMcpPaths>,
): TableColumn<GatewayToolView>[] => [
  {
    title: 'Tool',
    field: 'name',
    highlight: true,
    customFilterAndSearch: (term: string, t) =>
      [t.name, t.title, t.description]
        .join(' ')
        .toLocaleLowerCase('en-US')
        .includes(term.toLocaleLowerCase('en-US')),
    render: t => (
      <>
        <Link to={paths.tool(t.serverRef, t.tool)}>
          <code>{t.name}</code>
        </Link>
        {(t.title || t.description) && (
          <Typography
            variant="body2"
            color="textSecondary"
            style={{ maxWidth: 480 }}
          >
            {t.title ? `${t.title}: ` : ''}
            {(t.description ?? '').slice(0, 160)}
            {(t.description ?? '').length > 160 ? '…' : ''}
          </Typography>
        )}
      </>
    ),
  },
  {
    title: 'Server',
    field: 'serverRef',
    render: t => (
      <Link to={paths.server(t.serverRef)}>{serverName(t.serverRef)}</Link>
    ),
  },
  {
    title: 'Access',
    field: 'callable',
    customFilterAndSearch: (term: string, t) =>
      (t.refusal?.kind ?? 'callable').includes(term.toLocaleLowerCase('en-US')),
    render: t => <GatewayAccessChip refusal={t.refusal?.kind} />,
  },
  {
    title: 'Why not',
    sorting: false,
    customFilterAndSearch: (term: string, t) =>
      `${t.refusal?.message ?? ''} ${t.refusal?.rule ?? ''}`
        .toLocaleLowerCase('en-US')
        .includes(term.toLocaleLowerCase('en-US')),
    render: t =>
      t.refusal ? (
        <>
          <Typography variant="body2" style={{ maxWidth: 420 }}>
            {t.refusal.message}
          </Typography>
          <PolicyDecisionRef
            rule={t.refusal.rule}
            decisionId={t.refusal.decisionId}
          />
        </>
      ) : null,
  },
];

function ScopeSelect(props: {
  profiles: GatewayEndpoints['profiles'];
  value: string;
  onChange: (profile: string) => void;
}) {
  if (props.profiles.length === 0) return null;
  return (
    <TextField
      select
      size="small"
      variant="outlined"
      label="Endpoint"
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      SelectProps={{ inputProps: { 'aria-label': 'Endpoint' } }}
      style={{ minWidth: 220, marginRight: 16 }}
    >
      <MenuItem value="">All servers</MenuItem>
      {props.profiles.map(p => (
        <MenuItem key={p.name} value={p.name}>
          Profile {p.name}
        </MenuItem>
      ))}
    </TextField>
  );
}

/**
 * "What can I call": every tool in the gateway's scope for the signed-in user, callable or
 * with the reason it is refused; filter by access, search, sort by server.
 */
export function CallableToolsTable(props: {
  profiles?: GatewayEndpoints['profiles'];
}) {
  const api = useApi(mcpGatewayApiRef);
  const paths = useMcpPaths();
  const [profile, setProfile] = useState('');
  const [filter, setFilter] = useState<AccessFilter>('all');
  const { value, loading, error } = useAsync(
    () => api.listTools(profile ? { profile } : {}),
    [api, profile],
  );
  const tools = useMemo(
    () =>
      [...(value?.items ?? [])].sort(
        (a, b) =>
          a.serverRef.localeCompare(b.serverRef) ||
          a.name.localeCompare(b.name),
      ),
    [value],
  );
  // A new columns array makes the table start over (search text, sorting): build it once.
  const tableColumns = useMemo(() => columns(paths), [paths]);
  const callable = tools.filter(t => t.callable).length;
  const shown = tools.filter(
    t => filter === 'all' || (filter === 'callable') === t.callable,
  );

  if (error)
    return (
      <McpErrorPanel
        error={error}
        title="Could not load the tools the gateway offers you"
        backend="mcp-gateway"
      />
    );

  let empty = 'No tools match.';
  if (tools.length === 0)
    empty = profile
      ? `Profile ${profile} offers no tools.`
      : 'No MCP servers behind the gateway yet. Register an API entity with spec.type: mcp-server; its tools are offered here once discovery has found them.';
  else if (filter === 'callable')
    empty = 'You may call none of these tools: see the refused ones for why.';
  else if (filter === 'refused')
    empty = 'Nothing is refused: you may call every tool here.';

  return (
    <Table<GatewayToolView>
      title={
        <Box display="flex" alignItems="center" flexWrap="wrap">
          <Typography variant="h6" style={{ marginRight: 16 }}>
            What can I call
          </Typography>
          <ScopeSelect
            profiles={props.profiles ?? []}
            value={profile}
            onChange={setProfile}
          />
          <RadioGroup
            row
            aria-label="Show tools"
            value={filter}
            onChange={e => setFilter(e.target.value as AccessFilter)}
          >
            <FormControlLabel
              value="all"
              control={<Radio size="small" />}
              label={`All (${tools.length})`}
            />
            <FormControlLabel
              value="callable"
              control={<Radio size="small" />}
              label={`Callable (${callable})`}
            />
            <FormControlLabel
              value="refused"
              control={<Radio size="small" />}
              label={`Refused (${tools.length - callable})`}
            />
          </RadioGroup>
        </Box>
      }
      isLoading={loading}
      options={{
        paging: true,
        pageSize: 20,
        pageSizeOptions: [20, 50, 100],
        search: true,
        padding: 'dense',
      }}
      columns={tableColumns}
      data={shown}
      emptyContent={<Typography style={{ padding: 16 }}>{empty}</Typography>}
    />
  );
}

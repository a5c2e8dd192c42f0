import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  FINDING_SEVERITIES,
  FindingSeverity,
} from '@mcp-platform/plugin-mcp-catalog-common';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import InputAdornment from '@material-ui/core/InputAdornment';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import SearchIcon from '@material-ui/icons/Search';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { mcpCatalogApiRef, ToolSearchQuery } from '../../api';
import {
  ApprovalChip,
  HintChips,
  OutOfServiceChip,
  SeverityChip,
} from '../common/badges';
import { McpErrorPanel } from '../common/errors';
import { useMcpPaths } from '../common/paths';

const PAGE_SIZES = [10, 25, 50, 100];

function FilterSelect(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
}) {
  return (
    <TextField
      select
      fullWidth
      size="small"
      variant="outlined"
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      SelectProps={{ inputProps: { 'aria-label': props.label } }}
    >
      {props.options.map(o => (
        <MenuItem key={o.value} value={o.value}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** Reads the search from the URL, so a search can be shared by link. */
export function queryFromParams(params: URLSearchParams): ToolSearchQuery {
  const bool = (key: string) =>
    params.has(key) ? params.get(key) === 'true' : undefined;
  const severity = params.get('minSeverity');
  const limit = Number(params.get('limit'));
  return {
    q: params.get('q') ?? undefined,
    owner: params.get('owner') ?? undefined,
    server: params.get('server') ?? undefined,
    readOnly: bool('readOnly'),
    destructive: bool('destructive'),
    minSeverity: (FINDING_SEVERITIES as readonly string[]).includes(
      severity ?? '',
    )
      ? (severity as FindingSeverity)
      : undefined,
    changed: params.get('changed') === 'true' ? true : undefined,
    limit: PAGE_SIZES.includes(limit) ? limit : 25,
    offset: Math.max(0, Number(params.get('offset')) || 0),
  };
}

/** Tool search across every server: debounced search box, filters, paging; the URL holds it all. */
export function ToolsTab() {
  const api = useApi(mcpCatalogApiRef);
  const paths = useMcpPaths();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => queryFromParams(params), [params]);
  const [text, setText] = useState(query.q ?? '');

  const update = (
    changes: Record<string, string | undefined>,
    resetPage = true,
  ) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    if (resetPage) next.delete('offset');
    setParams(next, { replace: true });
  };

  useDebounce(
    () => {
      if ((query.q ?? '') !== text) update({ q: text });
    },
    300,
    [text],
  );
  useEffect(() => setText(query.q ?? ''), [query.q]);

  const servers = useAsync(() => api.listServers(), [api]);
  const owners = useMemo(
    () =>
      [
        ...new Set(
          (servers.value?.items ?? [])
            .map(s => s.owner)
            .filter((o): o is string => !!o),
        ),
      ].sort(),
    [servers.value],
  );
  const results = useAsync(() => api.searchTools(query), [api, query]);

  let kind = 'any';
  if (query.readOnly === true) kind = 'read-only';
  else if (query.destructive === true) kind = 'destructive';

  return (
    <Paper style={{ padding: 16 }}>
      <Grid container spacing={2} alignItems="center">
        <Grid item xs={12} md={4}>
          <TextField
            fullWidth
            variant="outlined"
            size="small"
            label="Search tools"
            placeholder="e.g. refund payment"
            value={text}
            onChange={e => setText(e.target.value)}
            inputProps={{ 'aria-label': 'Search tools' }}
            InputProps={{
              startAdornment: (
                <InputAdornment position="start">
                  <SearchIcon />
                </InputAdornment>
              ),
            }}
          />
        </Grid>
        <Grid item xs={6} md={2}>
          <FilterSelect
            label="Owner"
            value={query.owner ?? ''}
            onChange={owner => update({ owner })}
            options={[
              { value: '', label: 'Any owner' },
              ...owners.map(o => ({
                value: o,
                label: o.replace(/^group:default\//, ''),
              })),
            ]}
          />
        </Grid>
        <Grid item xs={6} md={2}>
          <FilterSelect
            label="Server"
            value={query.server ?? ''}
            onChange={server => update({ server })}
            options={[
              { value: '', label: 'Any server' },
              ...(servers.value?.items ?? []).map(s => ({
                value: s.entityRef,
                label: s.title ?? s.name,
              })),
            ]}
          />
        </Grid>
        <Grid item xs={6} md={2}>
          <FilterSelect
            label="Kind"
            value={kind}
            onChange={value =>
              update({
                readOnly: value === 'read-only' ? 'true' : undefined,
                destructive: value === 'destructive' ? 'true' : undefined,
              })
            }
            options={[
              { value: 'any', label: 'Any kind' },
              { value: 'read-only', label: 'Read-only' },
              { value: 'destructive', label: 'Destructive' },
            ]}
          />
        </Grid>
        <Grid item xs={6} md={2}>
          <FilterSelect
            label="Findings"
            value={query.minSeverity ?? ''}
            onChange={minSeverity => update({ minSeverity })}
            options={[
              { value: '', label: 'Any' },
              ...FINDING_SEVERITIES.map(v => ({
                value: v,
                label: `${v} or worse`,
              })),
            ]}
          />
        </Grid>
        <Grid item xs={12}>
          <FormControlLabel
            control={
              <Checkbox
                checked={query.changed === true}
                onChange={e =>
                  update({ changed: e.target.checked ? 'true' : undefined })
                }
              />
            }
            label="Only tools awaiting approval (new or changed)"
          />
        </Grid>
      </Grid>

      {results.error && (
        <McpErrorPanel error={results.error} title="Tool search failed" />
      )}
      {results.loading && <Progress />}
      {results.value && results.value.items.length === 0 && (
        <Typography style={{ padding: 16 }}>
          No tools match{query.q ? ` "${query.q}"` : ''}. Try fewer words or
          clear a filter.
        </Typography>
      )}
      {results.value && results.value.items.length > 0 && (
        <>
          <Table size="small" aria-label="Tools">
            <TableHead>
              <TableRow>
                <TableCell>Tool</TableCell>
                <TableCell>Server</TableCell>
                <TableCell>Owner</TableCell>
                <TableCell>Kind</TableCell>
                <TableCell>Review</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {results.value.items.map(tool => (
                <TableRow key={`${tool.serverRef}#${tool.name}`}>
                  <TableCell>
                    <Link to={paths.tool(tool.serverRef, tool.name)}>
                      <strong>{tool.name}</strong>
                    </Link>
                    <Typography
                      variant="body2"
                      color="textSecondary"
                      style={{ maxWidth: 520 }}
                    >
                      {tool.title ? `${tool.title}: ` : ''}
                      {(tool.description ?? '').slice(0, 180)}
                      {(tool.description ?? '').length > 180 ? '…' : ''}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    <Link to={paths.server(tool.serverRef)}>
                      {tool.serverName}
                    </Link>
                  </TableCell>
                  <TableCell>
                    {tool.owner ? (
                      <EntityRefLink
                        entityRef={tool.owner}
                        defaultKind="group"
                      />
                    ) : (
                      'unowned'
                    )}
                  </TableCell>
                  <TableCell>
                    <HintChips
                      readOnly={tool.readOnly}
                      destructive={tool.destructive}
                    />
                  </TableCell>
                  <TableCell>
                    <SeverityChip severity={tool.maxSeverity} />
                    <ApprovalChip approval={tool.approval} state={tool.state} />
                    <OutOfServiceChip disabled={tool.disabled} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <TablePagination
            component="div"
            // -1 lets MUI say "of more than N" when the backend capped the count.
            count={
              results.value.totalCountCapped ? -1 : results.value.totalCount
            }
            page={Math.floor(query.offset / query.limit)}
            rowsPerPage={query.limit}
            rowsPerPageOptions={PAGE_SIZES}
            onPageChange={(_e, page) =>
              update({ offset: String(page * query.limit) }, false)
            }
            onRowsPerPageChange={e => update({ limit: e.target.value })}
          />
        </>
      )}
    </Paper>
  );
}

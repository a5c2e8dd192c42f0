import {
  InfoCard,
  Link,
  Progress,
  StructuredMetadataTable,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  mcpCatalogRefreshPermission,
  McpToolSummary,
} from '@mcp-platform/plugin-mcp-catalog-common';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { mcpCatalogApiRef } from '../../api';
import {
  ApprovalChip,
  HintChips,
  OutOfServiceChip,
  RevisionChips,
  SeverityChip,
  StatusChip,
} from '../common/badges';
import { McpErrorPanel } from '../common/errors';
import { useMcpPaths } from '../common/paths';
import { timeAgo } from '../common/time';
import { FindingsList } from '../ToolView/FindingsList';
import { ClientConfigCard } from './ClientConfigCard';
import { GatewayEndpointCard } from './GatewayEndpointCard';
import { KillSwitchCard } from '../KillSwitch';

/** A server with everything discovered on it; used by the server page and the entity tab. */
export function ServerView(props: { entityRef: string }) {
  const api = useApi(mcpCatalogApiRef);
  const alertApi = useApi(alertApiRef);
  const paths = useMcpPaths();
  // Decided per server: its owners and the platform team may refresh it.
  const { allowed: canRefresh } = usePermission({
    permission: mcpCatalogRefreshPermission,
    resourceRef: props.entityRef,
  });
  const [refreshing, setRefreshing] = useState(false);
  const {
    value: server,
    loading,
    error,
    retry,
  } = useAsyncRetry(
    () => api.getServer(props.entityRef),
    [api, props.entityRef],
  );

  if (loading && !server) return <Progress />;
  if (error)
    return (
      <McpErrorPanel
        error={error}
        title={`Could not load MCP server ${props.entityRef}`}
      />
    );
  if (!server) return null;

  const refresh = async () => {
    setRefreshing(true);
    try {
      const result = await api.refreshServer(server.entityRef);
      if (result.ok)
        alertApi.post({
          message: 'Discovery finished',
          severity: 'success',
          display: 'transient',
        });
      else
        alertApi.post({
          message: `Discovery failed: ${result.error}`,
          severity: 'error',
        });
      retry();
    } catch (e) {
      alertApi.post({
        message: `Could not refresh: ${(e as Error).message}`,
        severity: 'error',
      });
    } finally {
      setRefreshing(false);
    }
  };

  const toolColumns: TableColumn<McpToolSummary>[] = [
    {
      title: 'Tool',
      field: 'name',
      highlight: true,
      render: t => <Link to={paths.tool(t.serverRef, t.name)}>{t.name}</Link>,
    },
    {
      title: 'Description',
      field: 'description',
      render: t => (
        <Typography variant="body2">
          {t.title ? `${t.title}: ` : ''}
          {t.description}
        </Typography>
      ),
    },
    {
      title: 'Kind',
      render: t => (
        <HintChips readOnly={t.readOnly} destructive={t.destructive} />
      ),
    },
    {
      title: 'Review',
      render: t => (
        <>
          <SeverityChip severity={t.maxSeverity} />
          <ApprovalChip approval={t.approval} state={t.state} />
          <OutOfServiceChip disabled={t.disabled} />
        </>
      ),
    },
  ];

  const killSwitch = (
    <KillSwitchCard
      serverRef={server.entityRef}
      serverName={server.name}
      disabled={server.disabled}
      history={server.killSwitchHistory}
      onSwitched={retry}
    />
  );

  return (
    <Grid container spacing={3}>
      {/* Out of service is the first thing to know; otherwise the switch waits in the side column. */}
      {server.disabled && (
        <Grid item xs={12}>
          {killSwitch}
        </Grid>
      )}
      {server.status === 'pending' && (
        <Grid item xs={12}>
          <InfoCard title="Not discovered yet">
            <Typography variant="body2">
              Discovery has not reached this server yet; it runs every few
              seconds to minutes. Its tools appear here once it has.
            </Typography>
          </InfoCard>
        </Grid>
      )}
      {server.status === 'awaiting-deployment' && (
        <Grid item xs={12}>
          <InfoCard title="Awaiting its first deployment">
            <Typography variant="body2">
              This server is in the catalog but has never answered discovery: it
              is probably not deployed yet (a server created from the template
              is registered before it runs). That is not an error, and no
              compute cost is charged for it until it first answers. Deploy it
              at {server.remotes.map(r => r.url).join(' or ') || 'its remote'};
              discovery finds its tools within minutes.
            </Typography>
          </InfoCard>
        </Grid>
      )}
      <Grid item xs={12} md={6}>
        <InfoCard
          title={server.title ?? server.name}
          subheader={server.description}
          action={
            canRefresh ? (
              <Button
                startIcon={<RefreshIcon />}
                onClick={refresh}
                disabled={refreshing}
                aria-label="Refresh discovery"
              >
                {refreshing ? 'Discovering…' : 'Refresh'}
              </Button>
            ) : undefined
          }
        >
          <StructuredMetadataTable
            metadata={{
              owner: server.owner ? (
                <EntityRefLink entityRef={server.owner} defaultKind="group" />
              ) : (
                'unowned'
              ),
              lifecycle: server.lifecycle ?? '—',
              'data classification':
                server.dataClassification ?? 'unclassified',
              status: (
                <>
                  <StatusChip status={server.status} />
                  {server.lastSuccessAt
                    ? ` last discovered ${timeAgo(server.lastSuccessAt)}`
                    : ' never answered'}
                  {server.latencyMs !== undefined
                    ? ` in ${server.latencyMs} ms`
                    : ''}
                </>
              ),
              ...(server.lastError && server.status === 'awaiting-deployment'
                ? {
                    'last attempt': (
                      <Typography
                        variant="body2"
                        color="textSecondary"
                        style={{ overflowWrap: 'anywhere' }}
                      >
                        {server.lastError}
                      </Typography>
                    ),
                  }
                : {}),
              ...(server.lastError && server.status === 'error'
                ? {
                    'last error': (
                      <Typography
                        variant="body2"
                        color="error"
                        style={{ overflowWrap: 'anywhere' }}
                      >
                        {server.lastError}
                      </Typography>
                    ),
                  }
                : {}),
              'server info': server.serverInfo
                ? `${server.serverInfo.name} ${server.serverInfo.version}`
                : '—',
              'protocol revisions': (
                <RevisionChips
                  revisions={server.protocolRevisions}
                  protocolVersion={server.protocolVersion}
                />
              ),
              'last discovered with': server.protocolVersion
                ? `${server.protocolVersion} over ${server.transport ?? '?'}`
                : '—',
              capabilities: server.capabilities
                ? Object.keys(server.capabilities).join(', ') || 'none'
                : '—',
              remotes: (
                <>
                  {server.remotes.map(r => (
                    <Typography key={`${r.type}${r.url}`} variant="body2">
                      <code>{r.type}</code> {r.url}
                    </Typography>
                  ))}
                </>
              ),
            }}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <ClientConfigCard entityRef={server.entityRef} />
        <div style={{ marginTop: 24 }}>
          <GatewayEndpointCard entityRef={server.entityRef} />
        </div>
        {!server.disabled && <div style={{ marginTop: 24 }}>{killSwitch}</div>}
      </Grid>
      {server.instructions && (
        <Grid item xs={12}>
          <InfoCard title="Instructions to clients">
            <Typography variant="body2" style={{ whiteSpace: 'pre-wrap' }}>
              {server.instructions}
            </Typography>
          </InfoCard>
        </Grid>
      )}
      <Grid item xs={12}>
        <Table<McpToolSummary>
          title={`Tools (${
            server.tools.filter(t => t.state === 'active').length
          })`}
          options={{ paging: false, search: true, padding: 'dense' }}
          columns={toolColumns}
          data={server.tools}
          emptyContent={
            <Typography style={{ padding: 16 }}>
              {server.status === 'ok'
                ? 'This server offers no tools.'
                : 'No tools known yet.'}
            </Typography>
          }
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title={`Prompts (${server.prompts.length})`}>
          {server.prompts.length === 0 ? (
            <Typography variant="body2">No prompts.</Typography>
          ) : (
            <List dense>
              {server.prompts.map(p => (
                <ListItem key={p.name}>
                  <ListItemText
                    primary={p.title ?? p.name}
                    secondary={`${p.description ?? ''}${
                      p.arguments?.length
                        ? ` — arguments: ${p.arguments
                            .map(a => a.name)
                            .join(', ')}`
                        : ''
                    }`}
                  />
                </ListItem>
              ))}
            </List>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title={`Resources (${server.resources.length})`}>
          {server.resources.length === 0 ? (
            <Typography variant="body2">No resources.</Typography>
          ) : (
            <List dense>
              {server.resources.map(r => (
                <ListItem key={`${r.kind}${r.uri}`}>
                  <ListItemText
                    primary={<code>{r.uri}</code>}
                    secondary={`${r.kind === 'template' ? 'template · ' : ''}${
                      r.title ?? r.name ?? ''
                    }${r.mimeType ? ` · ${r.mimeType}` : ''}`}
                  />
                </ListItem>
              ))}
            </List>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Discovery history">
          {server.discoveryHistory.length === 0 ? (
            <Typography variant="body2">No discovery attempt yet.</Typography>
          ) : (
            <List dense aria-label="Discovery history">
              {server.discoveryHistory.map(a => (
                <ListItem key={`${a.attemptedAt}${a.ok}${a.error ?? ''}`}>
                  <ListItemText
                    primary={`${a.ok ? 'discovered' : 'failed'} ${timeAgo(
                      a.attemptedAt,
                    )}${
                      a.ok
                        ? ` · ${a.toolCount ?? 0} tools · ${
                            a.latencyMs ?? '?'
                          } ms · ${a.transport ?? ''}`
                        : ''
                    }`}
                    secondary={a.ok ? undefined : a.error}
                    secondaryTypographyProps={{
                      color: 'error',
                      style: { overflowWrap: 'anywhere' },
                    }}
                  />
                </ListItem>
              ))}
            </List>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title={`Risk findings (${server.findings.length})`}>
          <FindingsList findings={server.findings} showItem />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

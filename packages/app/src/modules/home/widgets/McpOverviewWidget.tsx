import { Link } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import mcpCatalogPlugin, {
  mcpCatalogApiRef,
} from '@mcp-platform/plugin-mcp-catalog';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { useLoad } from './useViewer';
import { WidgetBody } from './WidgetStates';

/** Servers listed at once; past this the counts of failing and disabled ones are lower bounds. */
const SERVER_PAGE = 500;

function Stat(props: {
  label: string;
  value: string;
  to?: string;
  detail?: ReactNode;
}) {
  return (
    <Grid item xs={6} md={3}>
      <Typography variant="h4" component="p" aria-label={props.label}>
        {props.to ? <Link to={props.to}>{props.value}</Link> : props.value}
      </Typography>
      <Typography variant="body2">{props.label}</Typography>
      {props.detail && (
        <Typography variant="caption" color="textSecondary">
          {props.detail}
        </Typography>
      )}
    </Grid>
  );
}

/**
 * The platform at a glance: servers (failing, awaiting their first deployment, out of service),
 * tools, tools awaiting approval.
 */
export function McpOverviewWidget() {
  const catalogApi = useApi(mcpCatalogApiRef);
  const mcpPage = useRouteRef(mcpCatalogPlugin.routes.root)?.();
  const state = useLoad(async () => {
    const [servers, tools, awaiting] = await Promise.all([
      catalogApi.listServers({ limit: SERVER_PAGE }),
      catalogApi.searchTools({ limit: 1, offset: 0 }),
      catalogApi.searchTools({ changed: true, limit: 1, offset: 0 }),
    ]);
    const some = servers.totalCount > servers.items.length ? '+' : '';
    const count = (n: number) => `${n}${n ? some : ''}`;
    return {
      servers: servers.totalCount,
      failing: count(servers.items.filter(s => s.status === 'error').length),
      // Not deployed yet is no failure: counted apart, and only when there are any.
      notDeployed: servers.items.filter(s => s.status === 'awaiting-deployment')
        .length,
      outOfService: count(servers.items.filter(s => s.disabled).length),
      tools: `${tools.totalCount}${tools.totalCountCapped ? '+' : ''}`,
      awaiting: `${awaiting.totalCount}${awaiting.totalCountCapped ? '+' : ''}`,
    };
  }, [catalogApi]);
  return (
    <WidgetBody state={state} what="the MCP catalog">
      {o => (
        <Grid container spacing={2}>
          <Stat
            label="MCP servers"
            value={String(o.servers)}
            to={mcpPage}
            detail={[
              `${o.failing} failing discovery`,
              ...(o.notDeployed
                ? [`${o.notDeployed} awaiting first deployment`]
                : []),
              `${o.outOfService} out of service`,
            ].join(' · ')}
          />
          <Stat
            label="Tools"
            value={o.tools}
            to={mcpPage && `${mcpPage}/tools`}
          />
          <Stat
            label="Tools awaiting approval"
            value={o.awaiting}
            to={mcpPage && `${mcpPage}/tools?changed=true`}
          />
        </Grid>
      )}
    </WidgetBody>
  );
}

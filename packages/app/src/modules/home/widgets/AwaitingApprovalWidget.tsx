import { Link } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import mcpCatalogPlugin, {
  mcpCatalogApiRef,
} from '@mcp-platform/plugin-mcp-catalog';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { useLoad, useViewer } from './useViewer';
import { EmptyState, WidgetBody } from './WidgetStates';

/** Tools shown; the rest are a link away. */
const SHOWN = 8;

/** `api:default/payments-ledger` → `default/payments-ledger`, as the MCP page's URLs have it. */
function serverPath(serverRef: string): string {
  const [, namespace, name] = /^[^:]+:([^/]+)\/(.+)$/.exec(serverRef) ?? [
    '',
    'default',
    serverRef,
  ];
  return `${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

/**
 * Tools of the viewer's teams' servers whose new or changed definition waits for approval: the
 * owners approve them (the platform groups may approve any, from the MCP page).
 */
export function AwaitingApprovalWidget() {
  const catalogApi = useApi(mcpCatalogApiRef);
  const mcpPage = useRouteRef(mcpCatalogPlugin.routes.root)?.();
  const viewer = useViewer();
  const teams = viewer.value?.teams;
  const state = useLoad(async () => {
    if (viewer.error) throw viewer.error;
    if (!teams) return undefined;
    if (!teams.length) return { teams, tools: [], totalCount: 0 };
    const page = await catalogApi.searchTools({
      changed: true,
      owner: teams.join(','),
      limit: SHOWN,
      offset: 0,
    });
    return { teams, tools: page.items, totalCount: page.totalCount };
  }, [catalogApi, teams?.join(','), viewer.error]);
  return (
    <WidgetBody state={state} what="the tools awaiting your approval">
      {({ tools, totalCount }) => {
        if (!teams?.length)
          return (
            <EmptyState>
              You are in no team in the catalog, so no tool waits for your
              approval.
            </EmptyState>
          );
        if (!tools.length)
          return (
            <EmptyState>
              Nothing awaits your approval: every tool of your teams' servers is
              approved.
            </EmptyState>
          );
        return (
          <>
            <List dense aria-label="Tools awaiting your approval">
              {tools.map(t => {
                const href =
                  mcpPage &&
                  `${mcpPage}/servers/${serverPath(
                    t.serverRef,
                  )}/tools/${encodeURIComponent(t.name)}`;
                return (
                  <ListItem key={`${t.serverRef}#${t.name}`}>
                    <ListItemText
                      primary={href ? <Link to={href}>{t.name}</Link> : t.name}
                      secondary={`${t.serverName} · ${
                        t.approval === 'new'
                          ? 'new tool'
                          : `changed (version ${t.version})`
                      }${t.destructive ? ' · destructive' : ''}`}
                    />
                  </ListItem>
                );
              })}
            </List>
            {totalCount > tools.length && (
              <Typography variant="body2">
                {mcpPage ? (
                  <Link to={`${mcpPage}/tools?changed=true`}>
                    {totalCount - tools.length} more
                  </Link>
                ) : (
                  `${totalCount - tools.length} more`
                )}
              </Typography>
            )}
          </>
        );
      }}
    </WidgetBody>
  );
}

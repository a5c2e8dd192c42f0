import { Link } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import mcpInsightsPlugin, {
  mcpInsightsApiRef,
} from '@mcp-platform/plugin-mcp-insights';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { useLoad, useViewer } from './useViewer';
import { EmptyState, WidgetBody } from './WidgetStates';

/** `api:default/payments-ledger` → `default/payments-ledger`, as the insights page's URLs have it. */
function serverPath(serverRef: string): string {
  const [, namespace, name] = /^[^:]+:([^/]+)\/(.+)$/.exec(serverRef) ?? [
    '',
    'default',
    serverRef,
  ];
  return `${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

/** What is left of an error budget, in words. */
function budgetLeft(remaining: number | null): string {
  if (remaining === null) return 'no error budget data';
  if (remaining <= 0) return 'error budget exhausted';
  return `${Math.round(remaining * 100)} % of the error budget left`;
}

/**
 * Servers whose SLOs page someone now (their error budget burns fast), the viewer's teams'
 * first, with the ticket-level count below.
 */
export function SlosPagingWidget() {
  const insightsApi = useApi(mcpInsightsApiRef);
  const insightsPage = useRouteRef(mcpInsightsPlugin.routes.root)?.();
  const viewer = useViewer();
  const teams = viewer.value?.teams;
  const state = useLoad(async () => {
    const slos = await insightsApi.listSloServers({ status: 'page' });
    return { counts: slos.counts, paging: slos.items };
  }, [insightsApi]);
  const mine = new Set((teams ?? []).map(t => t.toLocaleLowerCase('en-US')));
  const isMine = (team: string) => mine.has(team.toLocaleLowerCase('en-US'));
  return (
    <WidgetBody state={state} what="the SLO status">
      {({ counts, paging }) => {
        const ordered = [...paging].sort(
          (a, b) => Number(isMine(b.team)) - Number(isMine(a.team)),
        );
        const sloPage = insightsPage && `${insightsPage}/slo`;
        return (
          <>
            {ordered.length === 0 ? (
              <EmptyState>
                No SLO is paging: every error budget burns slowly enough.
              </EmptyState>
            ) : (
              <List dense aria-label="SLOs paging">
                {ordered.map(s => {
                  const name = s.title ?? s.name;
                  const href =
                    sloPage && `${sloPage}/servers/${serverPath(s.serverRef)}`;
                  return (
                    <ListItem key={s.serverRef}>
                      <ListItemText
                        primary={
                          <>
                            {href ? <Link to={href}>{name}</Link> : name}
                            {isMine(s.team) && (
                              <Chip
                                size="small"
                                label="your team"
                                style={{ marginLeft: 8 }}
                              />
                            )}
                          </>
                        }
                        secondary={`${s.team.replace(
                          /^group:(default\/)?/,
                          '',
                        )} · ${budgetLeft(s.errorBudgetRemaining)}`}
                      />
                    </ListItem>
                  );
                })}
              </List>
            )}
            <Typography variant="caption" color="textSecondary">
              {counts.ticket} at ticket level · {counts.ok} fine ·{' '}
              {sloPage ? (
                <Link to={sloPage}>SLO dashboard</Link>
              ) : (
                'SLO dashboard'
              )}
            </Typography>
          </>
        );
      }}
    </WidgetBody>
  );
}

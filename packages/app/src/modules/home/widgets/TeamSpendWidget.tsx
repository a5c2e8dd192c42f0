import { Link } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import mcpInsightsPlugin, {
  mcpInsightsApiRef,
} from '@mcp-platform/plugin-mcp-insights';
import LinearProgress from '@material-ui/core/LinearProgress';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { useLoad, useViewer } from './useViewer';
import { EmptyState, WidgetBody } from './WidgetStates';

/** An amount in the installation's currency, e.g. `$1,234`. */
export function formatMoney(value: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      maximumFractionDigits: value !== 0 && Math.abs(value) < 10 ? 2 : 0,
    }).format(value);
  } catch {
    return `${currency} ${value.toFixed(2)}`;
  }
}

/** The viewer's teams' MCP spend this month against their budgets, with the forecast. */
export function TeamSpendWidget() {
  const insightsApi = useApi(mcpInsightsApiRef);
  const costPage = useRouteRef(mcpInsightsPlugin.routes.root)?.();
  const viewer = useViewer();
  const teams = viewer.value?.teams;
  const state = useLoad(async () => {
    if (viewer.error) throw viewer.error;
    if (!teams) return undefined;
    if (!teams.length) return { currency: 'USD', mine: [] };
    const wanted = new Set(teams.map(t => t.toLocaleLowerCase('en-US')));
    const costs = await insightsApi.listTeamCosts();
    return {
      currency: costs.currency,
      mine: costs.teams.filter(t =>
        wanted.has(t.team.toLocaleLowerCase('en-US')),
      ),
    };
  }, [insightsApi, teams?.join(','), viewer.error]);
  return (
    <WidgetBody state={state} what="your teams' spend">
      {({ currency, mine }) => {
        if (!teams?.length)
          return (
            <EmptyState>
              You are in no team in the catalog, so there is no team spend to
              show.
            </EmptyState>
          );
        if (!mine.length)
          return (
            <EmptyState>
              Your teams have no MCP spend and no budget this month.
            </EmptyState>
          );
        return (
          <List dense aria-label="Your teams' spend">
            {mine.map(t => {
              const name = t.title ?? t.team.replace(/^group:(default\/)?/, '');
              const href =
                costPage && `${costPage}?team=${encodeURIComponent(t.team)}`;
              const spent = formatMoney(t.monthToDate.total, currency);
              const used = t.usedRatio ?? 0;
              return (
                <ListItem key={t.team} style={{ display: 'block' }}>
                  <ListItemText
                    primary={href ? <Link to={href}>{name}</Link> : name}
                    secondary={
                      t.monthlyBudget === null
                        ? `${spent} this month · no budget set`
                        : `${spent} of ${formatMoney(
                            t.monthlyBudget,
                            currency,
                          )} (${Math.round(
                            used * 100,
                          )} %) · forecast ${formatMoney(
                            t.forecast,
                            currency,
                          )}${
                            t.alertCount
                              ? ` · ${t.alertCount} alert${
                                  t.alertCount === 1 ? '' : 's'
                                }`
                              : ''
                          }`
                    }
                  />
                  {t.monthlyBudget !== null && (
                    <LinearProgress
                      variant="determinate"
                      value={Math.min(100, used * 100)}
                      color={
                        (t.forecastRatio ?? 0) > 1 ? 'secondary' : 'primary'
                      }
                      aria-label={`${name}: ${Math.round(
                        used * 100,
                      )} % of the budget used`}
                    />
                  )}
                </ListItem>
              );
            })}
          </List>
        );
      }}
    </WidgetBody>
  );
}

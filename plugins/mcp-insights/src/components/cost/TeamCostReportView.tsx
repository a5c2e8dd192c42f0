import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Grid from '@material-ui/core/Grid';
import useAsync from 'react-use/esm/useAsync';
import { mcpInsightsApiRef } from '../../api';
import { teamLabel } from '../common/format';
import { isNotFound } from '../common/isNotFound';
import { NoUsageYet } from '../common/NoUsageYet';
import { BudgetSummary } from './BudgetSummary';
import { ChildTeamTable } from './ChildTeamTable';
import { CostAlertList } from './CostAlertList';
import { CostCsvExport } from './CostCsvExport';
import { DailyCostChart } from './DailyCostChart';
import { ModelCostTable } from './ModelCostTable';
import { ServerCostTable } from './ServerCostTable';

/**
 * A team's cost report for a month (its sub-teams rolled up): spend against budget, alerts, the
 * daily chart, and the drill-down to servers and tools.
 */
export function TeamCostReportView(props: {
  team: string;
  month?: string;
  /** Opens another team's report, e.g. a sub-team's. */
  onSelectTeam?: (team: string) => void;
}) {
  const { team, month } = props;
  const api = useApi(mcpInsightsApiRef);
  const report = useAsync(
    () => api.getTeamCostReport({ team, month }),
    [api, team, month],
  );
  // Only for the threshold marks on the budget bar; the report stands without them.
  const pricing = useAsync(() => api.getPricing(), [api]);

  if (report.loading) return <Progress />;
  if (report.error) {
    if (isNotFound(report.error)) {
      return (
        <NoUsageYet
          title={`No spend recorded for ${teamLabel(team)}`}
          detail="The insights backend knows this team once it is a group in the catalog or owns an MCP server with usage. Groups are copied from the catalog on each collection run."
        />
      );
    }
    return (
      <ResponseErrorPanel
        error={report.error}
        title="Could not load the cost report"
      />
    );
  }
  const value = report.value!;
  const { currency } = value;
  const hasUsage = value.servers.length > 0 || value.monthToDate.total > 0;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <BudgetSummary
          summary={value}
          period={value.period}
          currency={currency}
          thresholds={pricing.value?.budgetAlertThresholds ?? []}
        />
      </Grid>
      {!hasUsage ? (
        <Grid item xs={12}>
          <NoUsageYet />
        </Grid>
      ) : (
        <>
          <Grid item xs={12}>
            <InfoCard title="Alerts">
              <CostAlertList alerts={value.alerts} />
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <InfoCard
              title="Daily spend"
              subheader={`${value.period.start} to ${value.period.end}; today is partial`}
            >
              <DailyCostChart daily={value.daily} currency={currency} />
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <InfoCard
              title="Servers and tools"
              subheader="Open a server to see its tools"
              action={<CostCsvExport team={team} month={month} />}
            >
              <ServerCostTable servers={value.servers} currency={currency} />
            </InfoCard>
          </Grid>
          {value.childTeams.length > 0 && (
            <Grid item xs={12} md={6}>
              <InfoCard
                title="Sub-teams"
                subheader="Included in the figures above"
              >
                <ChildTeamTable
                  teams={value.childTeams}
                  currency={currency}
                  onSelect={props.onSelectTeam}
                />
              </InfoCard>
            </Grid>
          )}
          <Grid item xs={12} md={value.childTeams.length > 0 ? 6 : 12}>
            <InfoCard title="Token spend by model">
              <ModelCostTable models={value.models} currency={currency} />
            </InfoCard>
          </Grid>
        </>
      )}
    </Grid>
  );
}

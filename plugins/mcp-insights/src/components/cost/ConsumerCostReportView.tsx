import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { DIRECT_USAGE } from '@mcp-platform/plugin-mcp-insights-common';
import useAsync from 'react-use/esm/useAsync';
import { mcpInsightsApiRef } from '../../api';
import { formatCount, formatMoney, teamLabel } from '../common/format';
import { isNotFound } from '../common/isNotFound';
import { NoUsageYet } from '../common/NoUsageYet';
import { SummaryStat } from '../common/SummaryStat';
import { ConsumedServerTable } from './ConsumedServerTable';
import { CostBreakdownCaption } from './CostBreakdownCaption';
import { CostCsvExport } from './CostCsvExport';
import { DailyCostChart } from './DailyCostChart';

/** How spend reaches a consuming team, said once under the headline figures. */
function attributionNote(team: string): string {
  if (team === DIRECT_USAGE) {
    return "Spend of servers on days without calls through the MCP gateway: it stays with each server's owning team.";
  }
  return "Each server's daily spend is split among the teams that called it through the MCP gateway that day, in proportion to their calls.";
}

/** What one consuming team (its sub-teams included) spent by calling servers through the gateway. */
export function ConsumerCostReportView(props: {
  team: string;
  month?: string;
}) {
  const { team, month } = props;
  const api = useApi(mcpInsightsApiRef);
  const report = useAsync(
    () => api.getConsumerCostReport({ team, month }),
    [api, team, month],
  );

  if (report.loading) return <Progress />;
  if (report.error) {
    if (isNotFound(report.error)) {
      return (
        <NoUsageYet
          title={`No calls through the gateway for ${teamLabel(team)}`}
          detail="Teams appear here once the MCP gateway relays calls of their members (or of services calling for them), and the gateway's meter has reported them."
        />
      );
    }
    return (
      <ResponseErrorPanel
        error={report.error}
        title="Could not load the consuming team's spend"
      />
    );
  }
  const value = report.value!;
  const { currency } = value;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} sm={6} lg={4}>
        <SummaryStat
          label="Charged this month"
          value={formatMoney(value.cost.total, currency)}
          caption={
            <CostBreakdownCaption breakdown={value.cost} currency={currency} />
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={4}>
        <SummaryStat
          label={team === DIRECT_USAGE ? 'Calls' : 'Calls through the gateway'}
          value={formatCount(value.calls)}
          caption={`${formatCount(value.errors)} errors`}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={4}>
        <SummaryStat
          label="Servers"
          value={formatCount(value.serverCount)}
          caption={
            value.children.length
              ? `Sub-teams included: ${
                  value.childTeams
                    .map(c => teamLabel(c.team, c.title))
                    .join(', ') || 'none with calls'
                }`
              : undefined
          }
        />
      </Grid>
      <Grid item xs={12}>
        <Typography variant="body2" color="textSecondary">
          {attributionNote(team)}
        </Typography>
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
          title="Servers called"
          action={<CostCsvExport team={team} month={month} view="consuming" />}
        >
          <ConsumedServerTable servers={value.servers} currency={currency} />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

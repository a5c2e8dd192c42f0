import { useState } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import useAsync from 'react-use/esm/useAsync';
import { mcpInsightsApiRef } from '../../api';
import {
  formatChange,
  formatCount,
  formatMoney,
  formatPercent,
} from '../common/format';
import { isNotFound } from '../common/isNotFound';
import { monthOf } from '../common/months';
import { NoUsageYet } from '../common/NoUsageYet';
import { SummaryStat } from '../common/SummaryStat';
import { CostAlertList } from './CostAlertList';
import { CostBreakdownCaption } from './CostBreakdownCaption';
import { DailyCostChart } from './DailyCostChart';
import { GatewayObservedCard } from './GatewayObservedCard';
import { ModelCostTable } from './ModelCostTable';
import { MonthPicker } from './MonthPicker';
import { ServerBudgetSummary } from './ServerBudgetSummary';
import { TeamCell } from './TeamCell';
import { ToolCostTable } from './ToolCostTable';

/** One MCP server's spend for a month: the "Cost" tab of its entity page. */
export function ServerCostView(props: { serverRef: string }) {
  const api = useApi(mcpInsightsApiRef);
  const [month, setMonth] = useState<string>();
  const report = useAsync(
    () => api.getServerCostReport({ serverRef: props.serverRef, month }),
    [api, props.serverRef, month],
  );
  // Only for the threshold marks on the budget bar; the report stands without them.
  const pricing = useAsync(() => api.getPricing(), [api]);

  let body;
  if (report.loading) {
    body = <Progress />;
  } else if (report.error && isNotFound(report.error)) {
    body = (
      <NoUsageYet detail="The insights backend has not seen this server yet: it copies mcp-server APIs from the catalog on each collection run, about once a minute." />
    );
  } else if (report.error) {
    body = (
      <ResponseErrorPanel
        error={report.error}
        title="Could not load the server's cost"
      />
    );
  } else {
    const { server, currency } = report.value!;
    const money = (v: number) => formatMoney(v, currency);
    const hasUsage = server.calls > 0 || server.total > 0;
    body = (
      <Grid container spacing={3}>
        <Grid item xs={12} sm={6} lg={3}>
          <SummaryStat
            label="Spent this month"
            value={money(server.total)}
            caption={
              <CostBreakdownCaption breakdown={server} currency={currency} />
            }
          />
        </Grid>
        <Grid item xs={12} sm={6} lg={3}>
          <SummaryStat
            label="Calls"
            value={formatCount(server.calls)}
            caption={`${formatCount(server.errors)} errors (${formatPercent(
              server.calls ? server.errors / server.calls : null,
            )})`}
          />
        </Grid>
        <Grid item xs={12} sm={6} lg={3}>
          <SummaryStat
            label="Per 1 000 calls"
            value={
              server.costPer1000Calls === null
                ? '—'
                : money(server.costPer1000Calls)
            }
            caption={
              <>
                Charged to <TeamCell team={server.team} />
              </>
            }
          />
        </Grid>
        <Grid item xs={12} sm={6} lg={3}>
          <SummaryStat
            label="Change vs previous period"
            value={formatChange(report.value!.changeRatio)}
            caption={`${money(report.value!.previousPeriod.total)} from ${
              report.value!.period.previousStart
            } to ${report.value!.period.previousEnd}`}
          />
        </Grid>
        <Grid item xs={12}>
          <ServerBudgetSummary
            budget={server.budget}
            currency={currency}
            thresholds={pricing.value?.budgetAlertThresholds ?? []}
            monthClosed={
              report.value!.period.daysElapsed >=
              report.value!.period.daysInMonth
            }
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
                <CostAlertList alerts={report.value!.alerts} />
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Daily spend">
                <DailyCostChart
                  daily={report.value!.daily}
                  currency={currency}
                />
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Tools">
                <ToolCostTable
                  tools={server.tools}
                  currency={currency}
                  label={`Tools of ${server.title ?? server.name}`}
                />
              </InfoCard>
            </Grid>
            {report.value!.gateway && (
              <Grid item xs={12}>
                <GatewayObservedCard
                  gateway={report.value!.gateway}
                  consumers={report.value!.consumers}
                  currency={currency}
                />
              </Grid>
            )}
            <Grid item xs={12}>
              <InfoCard title="Token spend by model">
                <ModelCostTable
                  models={report.value!.models}
                  currency={currency}
                />
              </InfoCard>
            </Grid>
          </>
        )}
      </Grid>
    );
  }
  return (
    <>
      <Box mb={2}>
        <MonthPicker value={month ?? monthOf(new Date())} onChange={setMonth} />
      </Box>
      {body}
    </>
  );
}

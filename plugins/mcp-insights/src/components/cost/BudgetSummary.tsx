import Grid from '@material-ui/core/Grid';
import { ANNOTATION_MONTHLY_BUDGET } from '@mcp-platform/plugin-mcp-catalog-common';
import {
  CostPeriod,
  TeamCostSummary,
  UNALLOCATED_TEAM,
} from '@mcp-platform/plugin-mcp-insights-common';
import { formatChange, formatMoney, formatPercent } from '../common/format';
import { SummaryStat } from '../common/SummaryStat';
import { BudgetProgress } from './BudgetProgress';
import { CostBreakdownCaption } from './CostBreakdownCaption';

/** The headline figures of a team: spend, budget use, forecast and change. */
export function BudgetSummary(props: {
  summary: TeamCostSummary;
  period: CostPeriod;
  currency: string;
  thresholds: number[];
}) {
  const { summary, period, currency, thresholds } = props;
  const money = (v: number) => formatMoney(v, currency);
  const monthClosed = period.daysElapsed >= period.daysInMonth;
  const budget = summary.monthlyBudget;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} sm={6} lg={3}>
        <SummaryStat
          label="Spent this month"
          value={money(summary.monthToDate.total)}
          caption={
            <CostBreakdownCaption
              breakdown={summary.monthToDate}
              currency={currency}
            />
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        {budget !== null && summary.usedRatio !== null ? (
          <SummaryStat
            label="Monthly budget"
            value={`${formatPercent(summary.usedRatio)} used`}
            caption={`${money(summary.monthToDate.total)} of ${money(
              budget,
            )} (${
              summary.budgetSource === 'annotation'
                ? 'group annotation'
                : 'config'
            })`}
          >
            <BudgetProgress
              usedRatio={summary.usedRatio}
              thresholds={thresholds}
            />
          </SummaryStat>
        ) : (
          <SummaryStat
            label="Monthly budget"
            value="No budget"
            caption={
              summary.team === UNALLOCATED_TEAM
                ? 'Spend of servers without an owner has no budget: give them an owner in the catalog.'
                : `Set one in mcpInsights.cost.budgets or with the group annotation ${ANNOTATION_MONTHLY_BUDGET}.`
            }
          />
        )}
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <SummaryStat
          label={monthClosed ? 'Month total' : 'Forecast to month end'}
          value={money(summary.forecast)}
          caption={
            monthClosed
              ? 'The month is over.'
              : `At the last 7 days' pace${
                  summary.forecastRatio !== null
                    ? `: ${formatPercent(summary.forecastRatio)} of the budget`
                    : ''
                }.`
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <SummaryStat
          label="Change vs previous period"
          value={formatChange(summary.changeRatio)}
          caption={`${money(summary.previousPeriod.total)} from ${
            period.previousStart
          } to ${period.previousEnd}`}
        />
      </Grid>
    </Grid>
  );
}

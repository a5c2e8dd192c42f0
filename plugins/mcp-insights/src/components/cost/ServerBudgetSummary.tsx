import Grid from '@material-ui/core/Grid';
import { ANNOTATION_MONTHLY_BUDGET } from '@mcp-platform/plugin-mcp-catalog-common';
import { ServerBudgetStatus } from '@mcp-platform/plugin-mcp-insights-common';
import { formatMoney, formatPercent } from '../common/format';
import { SummaryStat } from '../common/SummaryStat';
import { BudgetProgress } from './BudgetProgress';

/** Where a server's spend stands against its budget, in words. */
export function budgetStateLabel(budget: ServerBudgetStatus): string {
  switch (budget.state) {
    case 'over-budget':
      return 'Over budget';
    case 'threshold-reached':
      return `Past the ${formatPercent(
        budget.thresholdReached,
        0,
      )} alert threshold`;
    case 'forecast-over-budget':
      return 'Forecast over budget';
    default:
      return 'Within budget';
  }
}

/**
 * A server's own monthly budget (beside its team's): spend against it with the alert thresholds,
 * the forecast and the state; or how to give the server one.
 */
export function ServerBudgetSummary(props: {
  budget?: ServerBudgetStatus;
  currency: string;
  thresholds: number[];
  monthClosed: boolean;
}) {
  const { budget, currency, thresholds, monthClosed } = props;
  const money = (v: number) => formatMoney(v, currency);
  if (!budget) {
    return (
      <SummaryStat
        label="Server budget"
        value="No budget of its own"
        caption={`Its team's budget applies. Give the server one with the ${ANNOTATION_MONTHLY_BUDGET} annotation on its API (the MCP server template sets it) or in mcpInsights.cost.budgets.`}
      />
    );
  }
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={6}>
        <SummaryStat
          label="Server budget"
          value={`${
            budget.usedRatio === null ? '—' : formatPercent(budget.usedRatio)
          } used · ${budgetStateLabel(budget)}`}
          caption={`${money(budget.monthToDate)} of ${money(
            budget.monthlyBudget,
          )} (${
            budget.source === 'annotation' ? 'API annotation' : 'config'
          }); it also counts towards the team's budget.`}
        >
          {budget.usedRatio !== null && (
            <BudgetProgress
              usedRatio={budget.usedRatio}
              thresholds={thresholds}
            />
          )}
        </SummaryStat>
      </Grid>
      <Grid item xs={12} md={6}>
        <SummaryStat
          label={monthClosed ? 'Month total' : 'Forecast to month end'}
          value={money(budget.forecast)}
          caption={
            monthClosed
              ? 'The month is over.'
              : `At the last 7 days' pace: ${formatPercent(
                  budget.forecastRatio,
                )} of the server's budget.`
          }
        />
      </Grid>
    </Grid>
  );
}

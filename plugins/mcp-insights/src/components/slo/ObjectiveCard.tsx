import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { SloObjectiveDetail } from '@mcp-platform/plugin-mcp-insights-common';
import { formatBurnRate, formatCount, formatDuration } from '../common/format';
import { SummaryStat } from '../common/SummaryStat';
import { BurnDownChart } from './BurnDownChart';
import { BurnRateChip } from './BurnRateChip';
import { BurnRateWindowTable } from './BurnRateWindowTable';
import { ErrorBudgetBar } from './ErrorBudgetBar';
import { objectiveLabel, sliLabel } from './objectiveLabel';

/** One objective of a server: SLI, error budget, burn rates and burn-down. */
export function ObjectiveCard(props: { objective: SloObjectiveDetail }) {
  const o = props.objective;
  const label = objectiveLabel(o);
  return (
    <InfoCard
      title={label}
      subheader={`Over a rolling ${o.windowDays}-day window`}
      action={<BurnRateChip status={o.status} />}
    >
      <Grid container spacing={2}>
        <Grid item xs={12} sm={6} md={3}>
          <SummaryStat
            label="Current SLI"
            value={sliLabel(o)}
            caption={`${formatCount(o.badEvents)} bad of ${formatCount(
              o.totalEvents,
            )} events`}
          />
        </Grid>
        <Grid item xs={12} sm={6} md={3}>
          <SummaryStat
            label="Error budget left"
            value={<ErrorBudgetBar remaining={o.errorBudgetRemaining} />}
          />
        </Grid>
        <Grid item xs={12} sm={6} md={3}>
          <SummaryStat
            label="Time to exhaustion"
            value={formatDuration(o.timeToExhaustionHours)}
            caption="At the last hour's burn rate"
          />
        </Grid>
        <Grid item xs={12} sm={6} md={3}>
          <SummaryStat
            label="Burn rate (1 h)"
            value={formatBurnRate(o.currentBurnRate)}
            caption="1× spends the budget exactly over the window"
          />
        </Grid>
      </Grid>
      <Box mt={2}>
        <BurnDownChart
          points={o.burnDown}
          label={`Error budget burn-down of ${label}`}
        />
      </Box>
      <Box mt={2}>
        <BurnRateWindowTable
          windows={o.burnRates}
          label={`Burn-rate alerts of ${label}`}
        />
      </Box>
    </InfoCard>
  );
}

import { InfoCard } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import {
  ConsumerShare,
  GatewayObservedUsage,
} from '@mcp-platform/plugin-mcp-insights-common';
import { formatBytes, formatCount, formatPercent } from '../common/format';
import { SummaryStat } from '../common/SummaryStat';
import { ConsumerShareTable } from './ConsumerShareTable';

/**
 * What the MCP gateway observed of a server this month, and the server's spend by the teams
 * that called it through the gateway.
 */
export function GatewayObservedCard(props: {
  gateway: GatewayObservedUsage;
  consumers: ConsumerShare[];
  currency: string;
}) {
  const { gateway } = props;
  return (
    <InfoCard
      title="Observed at the MCP gateway"
      subheader={`On the ${gateway.days} day${
        gateway.days === 1 ? '' : 's'
      } with relayed calls, the calls above are the gateway's, and the spend is charged to the teams that made them.`}
    >
      <Grid container spacing={2}>
        <Grid item xs={12} sm={6} lg={3}>
          <SummaryStat
            label="Relayed calls"
            value={formatCount(gateway.calls)}
            caption={`${formatCount(gateway.errors)} errors (${formatPercent(
              gateway.calls ? gateway.errors / gateway.calls : null,
            )})`}
          />
        </Grid>
        <Grid item xs={12} sm={6} lg={3}>
          <SummaryStat
            label="p95 latency at the gateway"
            value={
              gateway.p95LatencyMs === null
                ? '—'
                : `${formatCount(gateway.p95LatencyMs)} ms`
            }
            caption="Upstream and network time included"
          />
        </Grid>
        <Grid item xs={12} sm={6} lg={3}>
          <SummaryStat
            label="Bytes relayed"
            value={formatBytes(gateway.responseBytes)}
            caption={`returned; ${formatBytes(gateway.requestBytes)} sent`}
          />
        </Grid>
        <Grid item xs={12} sm={6} lg={3}>
          <SummaryStat
            label="Estimated context tokens"
            value={formatCount(
              gateway.estimatedInputTokens + gateway.estimatedOutputTokens,
            )}
            caption={`${formatCount(
              gateway.estimatedOutputTokens,
            )} from results, ${formatCount(
              gateway.estimatedInputTokens,
            )} from arguments`}
          />
        </Grid>
        <Grid item xs={12}>
          <ConsumerShareTable
            consumers={props.consumers}
            currency={props.currency}
          />
        </Grid>
      </Grid>
    </InfoCard>
  );
}

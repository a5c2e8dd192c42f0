import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ANNOTATION_SLO } from '@mcp-platform/plugin-mcp-catalog-common';
import useAsync from 'react-use/esm/useAsync';
import { mcpInsightsApiRef } from '../../api';
import { TeamCell } from '../cost/TeamCell';
import { serverLabel } from '../common/format';
import { isNotFound } from '../common/isNotFound';
import { NoUsageYet } from '../common/NoUsageYet';
import { BurnRateChip } from './BurnRateChip';
import { ObjectiveCard } from './ObjectiveCard';
import { SloExportButtons } from './SloExportButtons';
import { ToolSloTable } from './ToolSloTable';

/** One server's SLOs: each objective with its burn-down, the tools, and the exports. */
export function SloServerView(props: { serverRef: string }) {
  const api = useApi(mcpInsightsApiRef);
  const detail = useAsync(
    () => api.getSloServer(props.serverRef),
    [api, props.serverRef],
  );
  if (detail.loading) return <Progress />;
  if (detail.error) {
    if (isNotFound(detail.error)) {
      return (
        <NoUsageYet detail="The insights backend has not seen this server yet: it copies mcp-server APIs from the catalog on each collection run, about once a minute." />
      );
    }
    return (
      <ResponseErrorPanel
        error={detail.error}
        title="Could not load the server's SLOs"
      />
    );
  }
  const server = detail.value!;
  const noSlo = server.objectives.length === 0;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="center"
          justifyContent="space-between"
          style={{ gap: 16 }}
        >
          <Box display="flex" alignItems="center" style={{ gap: 12 }}>
            <Typography variant="h5" component="h2">
              {serverLabel(server)}
            </Typography>
            <BurnRateChip status={server.status} noSlo={noSlo} />
            <TeamCell team={server.team} />
          </Box>
          <SloExportButtons serverRef={server.serverRef} />
        </Box>
        {server.definition && (
          <Typography variant="body2" color="textSecondary">
            SLO <code>{server.definition}</code> from{' '}
            {server.source === 'config' ? 'config' : 'the entity annotation'}
          </Typography>
        )}
      </Grid>
      {noSlo ? (
        <Grid item xs={12}>
          <EmptyState
            missing="field"
            title={server.definitionError ? 'Invalid SLO' : 'No SLO set'}
            description={
              server.definitionError ??
              `Set the ${ANNOTATION_SLO} annotation on the API entity, e.g. "availability=99.9,latency-p95=2000ms,window=30d", or mcpInsights.slo.objectives in config.`
            }
          />
        </Grid>
      ) : (
        server.objectives.map(objective => (
          <Grid item xs={12} key={objective.id}>
            <ObjectiveCard objective={objective} />
          </Grid>
        ))
      )}
      {server.tools.length > 0 && (
        <Grid item xs={12}>
          <InfoCard title="Tools">
            <ToolSloTable tools={server.tools} />
          </InfoCard>
        </Grid>
      )}
    </Grid>
  );
}

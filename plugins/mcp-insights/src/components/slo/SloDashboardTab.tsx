import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { BurnRateStatus } from '@mcp-platform/plugin-mcp-insights-common';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { mcpInsightsApiRef } from '../../api';
import { NoUsageYet } from '../common/NoUsageYet';
import { SloExportButtons } from './SloExportButtons';
import { SloServerTable } from './SloServerTable';
import { SloStatusFilter } from './SloStatusFilter';
import { SloTeamFilter } from './SloTeamFilter';

const STATUSES: BurnRateStatus[] = ['page', 'ticket', 'ok'];

/** The SLO dashboard tab: every server's objectives, error budget and burn-rate status. */
export function SloDashboardTab() {
  const api = useApi(mcpInsightsApiRef);
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = STATUSES.find(s => s === raw);
  const team = params.get('team') ?? undefined;
  const list = useAsync(
    () => api.listSloServers({ status, team }),
    [api, status, team],
  );
  // The team picker is a convenience: without the teams the list still works.
  const teams = useAsync(() => api.listTeamCosts(), [api]);

  const setParam = (name: string, next?: string) => {
    const search = new URLSearchParams(params);
    if (next) search.set(name, next);
    else search.delete(name);
    setParams(search);
  };

  if (list.loading) return <Progress />;
  if (list.error) {
    return (
      <ResponseErrorPanel
        error={list.error}
        title="Could not load the SLO status of the servers"
      />
    );
  }
  const { items, counts } = list.value!;
  const total = counts.page + counts.ticket + counts.ok + counts.noSlo;
  if (total === 0 && !team) {
    return (
      <NoUsageYet
        title="No MCP servers known yet"
        detail="The insights backend copies the catalog's mcp-server APIs on each collection run; register a server and its SLOs show here within a minute."
      />
    );
  }
  const noCalls = items.length > 0 && items.every(s => s.calls === 0);
  return (
    <>
      {noCalls && (
        <Box mb={3}>
          <NoUsageYet detail="No calls have been collected for these servers yet, so their SLIs and error budgets are unknown." />
        </Box>
      )}
      <InfoCard
        title="Service level objectives"
        subheader="Least error budget left first"
        action={<SloExportButtons />}
      >
        <Box
          mb={2}
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 16 }}
        >
          {teams.value && (
            <SloTeamFilter
              teams={teams.value.teams}
              value={team}
              onChange={next => setParam('team', next)}
            />
          )}
          <SloStatusFilter
            counts={counts}
            value={status}
            onChange={next => setParam('status', next)}
          />
        </Box>
        {items.length ? (
          <SloServerTable items={items} />
        ) : (
          <Typography variant="body2" color="textSecondary">
            {status
              ? `No server${
                  team ? ' of this team' : ''
                } is in status ${status}.`
              : 'This team owns no MCP server.'}
          </Typography>
        )}
      </InfoCard>
    </>
  );
}

import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { CostView, mcpInsightsApiRef } from '../../api';
import { formatMoney } from '../common/format';
import { monthOf } from '../common/months';
import { ConsumerCostReportView } from './ConsumerCostReportView';
import { CostViewToggle } from './CostViewToggle';
import { MonthPicker } from './MonthPicker';
import { TeamCostReportView } from './TeamCostReportView';
import { PickerTeam, TeamPicker } from './TeamPicker';

/** The teams of a view, for the picker, with the month's total and period. */
function useTeams(view: CostView, month: string | undefined) {
  const api = useApi(mcpInsightsApiRef);
  return useAsync(async () => {
    if (view === 'consuming') {
      const list = await api.listConsumerCosts({ month });
      return {
        ...list,
        view,
        total: list.total.total,
        teams: list.teams.map(
          (t): PickerTeam => ({ ...t, total: t.cost.total }),
        ),
      };
    }
    const list = await api.listTeamCosts({ month });
    return {
      ...list,
      view,
      total: list.total.total,
      teams: list.teams.map(
        (t): PickerTeam => ({ ...t, total: t.monthToDate.total }),
      ),
    };
  }, [api, view, month]);
}

/**
 * The team cost report tab: spend charged to owning teams, or to the teams that called the
 * servers through the MCP gateway. View, team and month are in the URL, so a report can be
 * shared as a link.
 */
export function TeamCostTab() {
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? undefined;
  const view: CostView =
    params.get('view') === 'consuming' ? 'consuming' : 'owning';
  const teams = useTeams(view, month);

  const select = (key: 'team' | 'month' | 'view', value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    // Teams differ between the views: the new view opens on its first.
    if (key === 'view') next.delete('team');
    setParams(next);
  };

  const toggle = (
    <CostViewToggle value={view} onChange={value => select('view', value)} />
  );
  // Until the new view's teams are in, the old view's are not shown under the new view's name.
  if (teams.loading || (teams.value && teams.value.view !== view))
    return <Progress />;
  if (teams.error) {
    return (
      <>
        <Box mb={3}>{toggle}</Box>
        <ResponseErrorPanel
          error={teams.error}
          title="Could not load the teams' spend"
        />
      </>
    );
  }
  const list = teams.value!;
  const team = params.get('team') ?? list.teams[0]?.team;
  return (
    <>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        mb={3}
        style={{ gap: 16 }}
      >
        {toggle}
        <TeamPicker
          teams={list.teams}
          currency={list.currency}
          value={team ?? ''}
          onChange={value => select('team', value)}
          label={view === 'consuming' ? 'Consuming team' : 'Team'}
        />
        <MonthPicker
          value={month ?? monthOf(new Date())}
          onChange={value => select('month', value)}
        />
        <Typography variant="body2" color="textSecondary">
          All teams: {formatMoney(list.total, list.currency)} from{' '}
          {list.period.start} to {list.period.end}
        </Typography>
      </Box>
      {team && view === 'owning' && (
        <TeamCostReportView
          team={team}
          month={month}
          onSelectTeam={value => select('team', value)}
        />
      )}
      {team && view === 'consuming' && (
        <ConsumerCostReportView team={team} month={month} />
      )}
    </>
  );
}

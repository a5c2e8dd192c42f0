import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { mcpInsightsApiRef } from '../../api';
import { formatMoney } from '../common/format';
import { monthOf } from '../common/months';
import { MonthPicker } from './MonthPicker';
import { TeamCostReportView } from './TeamCostReportView';
import { TeamPicker } from './TeamPicker';

/** The team cost report tab: team and month in the URL, so a report can be shared as a link. */
export function TeamCostTab() {
  const api = useApi(mcpInsightsApiRef);
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? undefined;
  const teams = useAsync(() => api.listTeamCosts({ month }), [api, month]);

  const select = (key: 'team' | 'month', value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next);
  };

  if (teams.loading) return <Progress />;
  if (teams.error) {
    return (
      <ResponseErrorPanel
        error={teams.error}
        title="Could not load the teams' spend"
      />
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
        <TeamPicker
          teams={list.teams}
          currency={list.currency}
          value={team ?? ''}
          onChange={value => select('team', value)}
        />
        <MonthPicker
          value={month ?? monthOf(new Date())}
          onChange={value => select('month', value)}
        />
        <Typography variant="body2" color="textSecondary">
          All teams: {formatMoney(list.total.total, list.currency)} from{' '}
          {list.period.start} to {list.period.end}
        </Typography>
      </Box>
      {team && (
        <TeamCostReportView
          team={team}
          month={month}
          onSelectTeam={value => select('team', value)}
        />
      )}
    </>
  );
}

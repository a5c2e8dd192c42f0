import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { TeamCostSummary } from '@mcp-platform/plugin-mcp-insights-common';
import { teamLabel } from '../common/format';
import { orderTeams } from '../cost/orderTeams';

const ALL = '';

/**
 * Narrows the SLO list to one team; a parent group includes its children's servers, so the
 * groups are shown as a tree.
 */
export function SloTeamFilter(props: {
  teams: TeamCostSummary[];
  value?: string;
  onChange: (team?: string) => void;
}) {
  const options = orderTeams(props.teams);
  // A team from a shared link may have no servers this month and so not be in the list.
  const missing =
    props.value && !props.teams.some(t => t.team === props.value)
      ? props.value
      : undefined;
  return (
    <TextField
      select
      id="mcp-insights-slo-team"
      label="Team"
      variant="outlined"
      size="small"
      style={{ minWidth: 240 }}
      value={props.value ?? ALL}
      onChange={e => props.onChange(e.target.value || undefined)}
    >
      <MenuItem value={ALL}>All teams</MenuItem>
      {options.map(({ summary, depth }) => (
        <MenuItem
          key={summary.team}
          value={summary.team}
          style={{ paddingLeft: 16 + depth * 20 }}
        >
          {teamLabel(summary.team, summary.title)}
        </MenuItem>
      ))}
      {missing && <MenuItem value={missing}>{teamLabel(missing)}</MenuItem>}
    </TextField>
  );
}

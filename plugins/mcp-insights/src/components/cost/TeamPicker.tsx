import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { TeamCostSummary } from '@mcp-platform/plugin-mcp-insights-common';
import { formatMoney, teamLabel } from '../common/format';
import { orderTeams } from './orderTeams';

/** Picks a team; groups are shown as a tree, since a parent's figures include its children. */
export function TeamPicker(props: {
  teams: TeamCostSummary[];
  currency: string;
  value: string;
  onChange: (team: string) => void;
}) {
  const options = orderTeams(props.teams);
  // A team from a shared link may have no spend this month and so not be in the list.
  const missing =
    props.value && !props.teams.some(t => t.team === props.value)
      ? props.value
      : undefined;
  return (
    <TextField
      select
      id="mcp-insights-team"
      label="Team"
      variant="outlined"
      size="small"
      style={{ minWidth: 280 }}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      SelectProps={{
        renderValue: value => {
          const team = props.teams.find(t => t.team === value);
          return teamLabel(String(value), team?.title);
        },
      }}
    >
      {options.map(({ summary, depth }) => (
        <MenuItem
          key={summary.team}
          value={summary.team}
          style={{ paddingLeft: 16 + depth * 20 }}
        >
          {teamLabel(summary.team, summary.title)}
          {summary.children.length > 0 &&
            ` (with ${summary.children.length} sub-team${
              summary.children.length === 1 ? '' : 's'
            })`}
          {' — '}
          {formatMoney(summary.monthToDate.total, props.currency)}
        </MenuItem>
      ))}
      {missing && <MenuItem value={missing}>{teamLabel(missing)}</MenuItem>}
    </TextField>
  );
}

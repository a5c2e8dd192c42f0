import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { formatMoney, teamLabel } from '../common/format';
import { orderTeams } from './orderTeams';

/** A team as the picker shows it: its spend in the view picked, and its place in the tree. */
export interface PickerTeam {
  team: string;
  title?: string;
  parent?: string;
  children: string[];
  /** Spend this month, its child groups included. */
  total: number;
}

/** Picks a team; groups are shown as a tree, since a parent's figures include its children. */
export function TeamPicker(props: {
  teams: PickerTeam[];
  currency: string;
  value: string;
  onChange: (team: string) => void;
  /** Default `Team`. */
  label?: string;
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
      label={props.label ?? 'Team'}
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
          {formatMoney(summary.total, props.currency)}
        </MenuItem>
      ))}
      {missing && <MenuItem value={missing}>{teamLabel(missing)}</MenuItem>}
    </TextField>
  );
}

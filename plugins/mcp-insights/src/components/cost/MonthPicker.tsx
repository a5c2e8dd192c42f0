import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { monthLabel, recentMonths } from '../common/months';

/** Picks one of the last twelve months (UTC, like the backend's periods). */
export function MonthPicker(props: {
  value: string;
  onChange: (month: string) => void;
}) {
  const months = recentMonths(new Date());
  if (!months.includes(props.value)) months.push(props.value);
  return (
    <TextField
      select
      id="mcp-insights-month"
      label="Month"
      variant="outlined"
      size="small"
      style={{ minWidth: 180 }}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
    >
      {months.map(month => (
        <MenuItem key={month} value={month}>
          {monthLabel(month)}
        </MenuItem>
      ))}
    </TextField>
  );
}

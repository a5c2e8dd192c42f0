import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import { useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import InfoOutlinedIcon from '@material-ui/icons/InfoOutlined';
import ReportProblemOutlinedIcon from '@material-ui/icons/ReportProblemOutlined';
import { CostAlert } from '@mcp-platform/plugin-mcp-insights-common';
import { formatPercent } from '../common/format';

function kindLabel(alert: CostAlert): string {
  // Budget alerts naming a server are about the server's own budget.
  const budget = alert.serverRef ? 'Server budget' : 'Budget';
  switch (alert.kind) {
    case 'budget-threshold':
      return `${budget} threshold ${formatPercent(alert.threshold, 0)} reached`;
    case 'budget-forecast':
      return `Forecast over ${budget.toLocaleLowerCase('en-US')}`;
    default:
      return `Spend spike${
        alert.date ? ` on ${alert.date}` : ''
      }: ${alert.value.toFixed(1)}× the 7-day average (alert above ${
        alert.threshold
      }×)`;
  }
}

/** Budget and spike alerts, most severe first. */
export function CostAlertList(props: { alerts: CostAlert[] }) {
  const { palette } = useTheme();
  if (!props.alerts.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No budget or spike alerts this month.
      </Typography>
    );
  }
  const rank = { critical: 0, warning: 1, info: 2 };
  const alerts = [...props.alerts].sort(
    (a, b) => rank[a.severity] - rank[b.severity],
  );
  return (
    <List dense aria-label="Cost alerts">
      {alerts.map((alert, i) => {
        let icon = <InfoOutlinedIcon style={{ color: palette.info.main }} />;
        if (alert.severity === 'critical') {
          icon = <ErrorOutlineIcon style={{ color: palette.error.main }} />;
        } else if (alert.severity === 'warning') {
          icon = (
            <ReportProblemOutlinedIcon
              style={{ color: palette.warning.main }}
            />
          );
        }
        return (
          <ListItem
            key={`${alert.kind}-${alert.serverRef ?? ''}-${alert.date ?? i}`}
          >
            <ListItemIcon aria-label={alert.severity}>{icon}</ListItemIcon>
            <ListItemText
              primary={alert.message}
              secondary={kindLabel(alert)}
            />
          </ListItem>
        );
      })}
    </List>
  );
}

import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import { BurnRateStatus } from '@mcp-platform/plugin-mcp-insights-common';

const useStyles = makeStyles(theme => ({
  page: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  ticket: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  ok: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
}));

const EXPLANATION: Record<BurnRateStatus, string> = {
  page: 'Page: the error budget burns fast (over 14.4× in the last hour and 5 minutes, or 6× in the last 6 hours and 30 minutes)',
  ticket:
    'Ticket: the error budget burns steadily (over 3× in the last day and 2 hours, or 1× in the last 3 days and 6 hours)',
  ok: 'OK: no burn-rate alert fires',
};

/** The multiwindow burn-rate status of an SLO: page, ticket or ok; or that there is no SLO. */
export function BurnRateChip(props: {
  status: BurnRateStatus;
  noSlo?: boolean;
}) {
  const classes = useStyles();
  if (props.noSlo) {
    return <Chip size="small" variant="outlined" label="no SLO" />;
  }
  return (
    <Tooltip title={EXPLANATION[props.status]}>
      <Chip
        size="small"
        label={props.status}
        className={classes[props.status]}
        aria-label={`burn rate status ${props.status}`}
      />
    </Tooltip>
  );
}

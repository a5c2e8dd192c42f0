import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { formatPercent } from '../common/format';

const useStyles = makeStyles<Theme, { remaining: number }>(theme => ({
  bar: { height: 6, borderRadius: 3, width: 80, flexShrink: 0 },
  fill: ({ remaining }) => {
    let color = theme.palette.success.main;
    if (remaining < 0.25) color = theme.palette.error.main;
    else if (remaining < 0.5) color = theme.palette.warning.main;
    return { backgroundColor: color };
  },
}));

/** The share of the error budget left, as a figure and a small bar. */
export function ErrorBudgetBar(props: { remaining: number | null }) {
  const classes = useStyles({ remaining: props.remaining ?? 1 });
  if (props.remaining === null) {
    return (
      <Typography variant="body2" color="textSecondary">
        no calls
      </Typography>
    );
  }
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <LinearProgress
        variant="determinate"
        value={Math.max(0, Math.min(100, props.remaining * 100))}
        className={classes.bar}
        classes={{ bar: classes.fill }}
        aria-hidden
      />
      <Typography variant="body2" style={{ whiteSpace: 'nowrap' }}>
        {formatPercent(props.remaining)}
      </Typography>
    </Box>
  );
}

import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { formatPercent } from '../common/format';

const useStyles = makeStyles<Theme, { color: string }>(theme => ({
  track: { position: 'relative', marginTop: theme.spacing(1.5) },
  bar: { height: 10, borderRadius: 5 },
  fill: ({ color }) => ({ backgroundColor: color }),
  marker: {
    position: 'absolute',
    top: -4,
    height: 18,
    borderLeft: `2px solid ${theme.palette.text.primary}`,
  },
  markerLabel: {
    position: 'absolute',
    top: 16,
    transform: 'translateX(-50%)',
    color: theme.palette.text.secondary,
    fontSize: 11,
  },
}));

/**
 * Month-to-date spend as a share of the budget, coloured by the highest alert threshold reached,
 * with a mark at each threshold.
 */
export function BudgetProgress(props: {
  usedRatio: number;
  /** Alert thresholds of the installation, e.g. [0.8, 0.9, 1]. */
  thresholds: number[];
}) {
  const { usedRatio, thresholds } = props;
  const reached = thresholds.filter(t => usedRatio >= t);
  const highest = reached.length ? Math.max(...reached) : 0;
  const color = useThresholdColor(highest);
  const classes = useStyles({ color });
  const percent = Math.min(100, Math.max(0, usedRatio * 100));
  return (
    <Box className={classes.track} mb={3}>
      <LinearProgress
        variant="determinate"
        value={percent}
        className={classes.bar}
        classes={{ bar: classes.fill }}
        aria-label={`${formatPercent(usedRatio)} of the monthly budget spent`}
      />
      {thresholds
        .filter(t => t > 0 && t <= 1)
        .map(t => (
          <span
            key={t}
            className={classes.marker}
            style={{ left: `${t * 100}%` }}
            title={`Alert at ${formatPercent(t, 0)}`}
          >
            <Typography component="span" className={classes.markerLabel}>
              {formatPercent(t, 0)}
            </Typography>
          </span>
        ))}
    </Box>
  );
}

function useThresholdColor(highestThreshold: number): string {
  const { palette } = useTheme();
  if (highestThreshold >= 1) return palette.error.main;
  if (highestThreshold >= 0.9) return palette.warning.main;
  if (highestThreshold > 0) return palette.warning.light;
  return palette.success.main;
}

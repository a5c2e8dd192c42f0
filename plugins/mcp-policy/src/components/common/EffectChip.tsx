import { PolicyEffect } from '@mcp-platform/plugin-mcp-policy-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  chip: { margin: theme.spacing(0, 0.5, 0.5, 0), fontWeight: 500 },
  deny: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  warn: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  audit: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
  allow: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  // Neither allows nor denies: lowers a team's rate limit.
  throttle: {
    backgroundColor: theme.palette.warning.light,
    color: theme.palette.getContrastText(theme.palette.warning.light),
  },
}));

/** A rule's effect or a decision's result (`allow` / `deny`), colored by severity. */
export function EffectChip(props: { effect: PolicyEffect; label?: string }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      className={`${classes.chip} ${classes[props.effect]}`}
      label={props.label ?? props.effect}
    />
  );
}

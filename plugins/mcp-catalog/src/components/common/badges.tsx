import {
  FindingSeverity,
  McpDisablement,
  ToolApproval,
} from '@mcp-platform/plugin-mcp-catalog-common';
import {
  BreakerState,
  GatewayRefusalKind,
} from '@mcp-platform/plugin-mcp-gateway-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  chip: { margin: theme.spacing(0, 0.5, 0.5, 0) },
  high: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  medium: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  low: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
  ok: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
}));

/** The most serious risk finding of a tool or server, or nothing. */
export function SeverityChip(props: {
  severity?: FindingSeverity;
  prefix?: string;
}) {
  const classes = useStyles();
  if (!props.severity) return null;
  const tone =
    props.severity === 'critical' || props.severity === 'high'
      ? classes.high
      : classes[props.severity];
  return (
    <Chip
      size="small"
      className={`${classes.chip} ${tone}`}
      label={`${props.prefix ?? 'risk'}: ${props.severity}`}
    />
  );
}

/** Read-only / destructive hints of a tool. */
export function HintChips(props: { readOnly: boolean; destructive: boolean }) {
  const classes = useStyles();
  return (
    <>
      {props.readOnly && (
        <Chip
          size="small"
          variant="outlined"
          className={classes.chip}
          label="read-only"
        />
      )}
      {props.destructive && (
        <Chip
          size="small"
          className={`${classes.chip} ${classes.high}`}
          label="destructive"
        />
      )}
      {!props.readOnly && !props.destructive && (
        <Chip
          size="small"
          variant="outlined"
          className={classes.chip}
          label="writes"
        />
      )}
    </>
  );
}

/** Approval state of a tool's current definition, shown only when it needs attention. */
export function ApprovalChip(props: {
  approval: ToolApproval;
  state?: string;
}) {
  const classes = useStyles();
  if (props.state === 'removed')
    return (
      <Chip
        size="small"
        variant="outlined"
        className={classes.chip}
        label="removed"
      />
    );
  if (props.approval === 'approved') return null;
  return (
    <Chip
      size="small"
      className={`${classes.chip} ${classes.medium}`}
      label={
        props.approval === 'new'
          ? 'new: awaiting approval'
          : 'changed: awaiting approval'
      }
    />
  );
}

/** Marks a server or tool the kill switch took out of service; nothing otherwise. */
export function OutOfServiceChip(props: { disabled?: McpDisablement }) {
  const classes = useStyles();
  if (!props.disabled) return null;
  return (
    <Chip
      size="small"
      className={`${classes.chip} ${classes.high}`}
      label={
        props.disabled.scope === 'server'
          ? 'out of service (server)'
          : 'out of service'
      }
      title={`Disabled by ${props.disabled.by}: ${props.disabled.reason}`}
    />
  );
}

const STATUSES: Record<
  string,
  { label: string; tone: 'ok' | 'high' | 'low'; title: string }
> = {
  ok: {
    label: 'discovered',
    tone: 'ok',
    title: 'the last discovery succeeded',
  },
  error: {
    label: 'failing',
    tone: 'high',
    title: 'it answered discovery before, and fails now',
  },
  pending: {
    label: 'not discovered yet',
    tone: 'low',
    title: 'discovery has not tried it yet',
  },
  'awaiting-deployment': {
    label: 'awaiting first deployment',
    tone: 'low',
    title:
      'it has never answered: catalogued but not deployed yet (no compute cost accrues until it answers)',
  },
};

/**
 * Discovery status of a server. A server that never answered is awaiting its first deployment,
 * which is not an error: only one that answered before and fails now is failing.
 */
export function StatusChip(props: { status: string }) {
  const classes = useStyles();
  const known = STATUSES[props.status];
  return (
    <Chip
      size="small"
      className={`${classes.chip} ${classes[known?.tone ?? 'low']}`}
      label={known?.label ?? props.status}
      title={known?.title}
    />
  );
}

/**
 * The MCP revisions a server speaks, newest first (2026-07-28, 2025-11-25...), each as a chip;
 * the one discovery used when the server's full set is not known yet.
 */
export function RevisionChips(props: {
  revisions?: string[];
  protocolVersion?: string;
}) {
  const classes = useStyles();
  const revisions =
    props.revisions ?? (props.protocolVersion ? [props.protocolVersion] : []);
  if (!revisions.length) return <>—</>;
  return (
    <>
      {revisions.map(revision => (
        <Chip
          key={revision}
          size="small"
          variant="outlined"
          className={classes.chip}
          label={revision}
          title={
            revision >= '2026-07-28'
              ? 'stateless protocol revision (server/discover)'
              : '2025-era revision (initialize handshake)'
          }
        />
      ))}
    </>
  );
}

/** A circuit breaker's state: closed is healthy, half-open is probing, open refuses calls. */
export function BreakerChip(props: { state: BreakerState }) {
  const classes = useStyles();
  const tone = {
    closed: classes.ok,
    'half-open': classes.medium,
    open: classes.high,
  }[props.state];
  const title = {
    closed: 'healthy: calls go through',
    'half-open': 'recovering: a probe call decides whether it closes again',
    open: 'failing: calls are refused until the retry time',
  }[props.state];
  return (
    <Chip
      size="small"
      className={`${classes.chip} ${tone}`}
      label={props.state}
      title={title}
    />
  );
}

const REFUSALS: Record<
  GatewayRefusalKind,
  { label: string; tone: 'high' | 'medium' | 'low' }
> = {
  policy: { label: 'denied by policy', tone: 'high' },
  'not-approved': { label: 'awaiting approval', tone: 'medium' },
  'definition-drift': { label: 'changed: awaiting approval', tone: 'medium' },
  findings: { label: 'risk findings', tone: 'high' },
  name: { label: 'name conflict', tone: 'medium' },
  'upstream-down': { label: 'server down', tone: 'high' },
  disabled: { label: 'out of service', tone: 'high' },
  'rate-limit': { label: 'rate limited', tone: 'medium' },
  'invalid-arguments': { label: 'invalid arguments', tone: 'low' },
  'not-visible': { label: 'not visible to you', tone: 'low' },
};

/** Whether the gateway lets the caller call a tool, or the kind of refusal. */
export function GatewayAccessChip(props: { refusal?: GatewayRefusalKind }) {
  const classes = useStyles();
  if (!props.refusal)
    return (
      <Chip
        size="small"
        className={`${classes.chip} ${classes.ok}`}
        label="callable"
      />
    );
  const { label, tone } = REFUSALS[props.refusal] ?? {
    label: props.refusal,
    tone: 'low',
  };
  return (
    <Chip
      size="small"
      className={`${classes.chip} ${classes[tone]}`}
      label={label}
      title={`refused: ${props.refusal}`}
    />
  );
}

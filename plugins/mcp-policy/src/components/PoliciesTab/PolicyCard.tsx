import { InfoCard } from '@backstage/core-components';
import {
  PolicyInfo,
  PolicyRuleInfo,
} from '@mcp-platform/plugin-mcp-policy-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { EffectChip } from '../common/EffectChip';

const useStyles = makeStyles(theme => ({
  code: {
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    margin: 0,
  },
  condition: { minWidth: 240 },
  rule: { minWidth: 180, maxWidth: 280 },
  message: { minWidth: 240 },
  // Short values that read badly when broken ("deployment", "tool-call", counts).
  noWrap: { whiteSpace: 'nowrap' },
}));

/** `environments: production; changes: create` */
function describeMatch(match: PolicyRuleInfo['match']): string | undefined {
  const parts = Object.entries(match ?? {}).map(
    ([key, values]) => `${key}: ${values.join(', ')}`,
  );
  return parts.length ? parts.join('; ') : undefined;
}

function RuleRow(props: { rule: PolicyRuleInfo }) {
  const classes = useStyles();
  const { rule } = props;
  const match = describeMatch(rule.match);
  return (
    <TableRow>
      <TableCell className={classes.rule}>
        <Typography variant="body2">
          <strong>{rule.name}</strong>
        </Typography>
        {rule.description && (
          <Typography variant="caption" color="textSecondary" display="block">
            {rule.description}
          </Typography>
        )}
        {match && (
          <Typography variant="caption" display="block">
            only for {match}
          </Typography>
        )}
        {rule.requires.length > 0 && (
          <Typography variant="caption" display="block">
            needs context: {rule.requires.join(', ')}
          </Typography>
        )}
      </TableCell>
      <TableCell className={classes.noWrap}>{rule.target}</TableCell>
      <TableCell className={classes.noWrap}>
        <EffectChip
          effect={rule.effect}
          label={
            rule.rateLimit
              ? `${rule.effect} to ${rule.rateLimit.perMinute}/min`
              : undefined
          }
        />
      </TableCell>
      <TableCell className={classes.condition}>
        <pre className={classes.code}>{rule.condition}</pre>
      </TableCell>
      <TableCell className={classes.message}>
        <Typography variant="body2">{rule.message}</Typography>
        {rule.messageExpression && (
          <pre className={classes.code} title="messageExpression">
            {rule.messageExpression}
          </pre>
        )}
      </TableCell>
      <TableCell align="right" className={classes.noWrap}>
        {rule.firedLast7Days}
      </TableCell>
    </TableRow>
  );
}

/** A policy document and its rules, with how often each fired in the last 7 days. */
export function PolicyCard(props: { policy: PolicyInfo }) {
  const classes = useStyles();
  const { policy } = props;
  return (
    <InfoCard
      title={policy.name}
      subheader={[policy.description, policy.source]
        .filter(Boolean)
        .join(' — ')}
      noPadding
    >
      <Table size="small" aria-label={`Rules of ${policy.name}`}>
        <TableHead>
          <TableRow>
            <TableCell>Rule</TableCell>
            <TableCell>Target</TableCell>
            <TableCell>Effect</TableCell>
            <TableCell>Condition</TableCell>
            <TableCell>Message</TableCell>
            <TableCell align="right" className={classes.noWrap}>
              Fired (7 days)
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {policy.rules.map(rule => (
            <RuleRow key={rule.id} rule={rule} />
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}

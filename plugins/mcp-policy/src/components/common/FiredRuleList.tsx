import { FiredRule } from '@mcp-platform/plugin-mcp-policy-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { EffectChip } from './EffectChip';

/** The rules that fired in a decision, each with its message, or the error that made it fail. */
export function FiredRuleList(props: { rules: FiredRule[]; empty?: string }) {
  if (props.rules.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {props.empty ?? 'No rule fired.'}
      </Typography>
    );
  }
  return (
    <Box component="ul" m={0} pl={0} style={{ listStyle: 'none' }}>
      {props.rules.map((r, i) => (
        <Box component="li" key={`${r.rule}-${i}`} mb={1}>
          <EffectChip effect={r.effect} />
          <Typography variant="body2" component="span">
            <code>{r.rule}</code>: {r.message}
          </Typography>
          {r.error && (
            <Typography variant="body2" color="error">
              Could not be evaluated (fails closed): {r.error}
            </Typography>
          )}
        </Box>
      ))}
    </Box>
  );
}

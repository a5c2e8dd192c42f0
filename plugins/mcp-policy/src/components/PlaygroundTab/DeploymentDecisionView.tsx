import { DeploymentDecision } from '@mcp-platform/plugin-mcp-policy-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { EffectChip } from '../common/EffectChip';
import { FiredRuleList } from '../common/FiredRuleList';

function Section(props: { title: string; children: JSX.Element }) {
  return (
    <Box mt={2}>
      <Typography variant="subtitle2" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

/** A deployment decision: the verdict, then violations, warnings and audits with their rules. */
export function DeploymentDecisionView(props: {
  decision: DeploymentDecision;
}) {
  const { decision } = props;
  return (
    <Box>
      <Box display="flex" alignItems="center">
        <EffectChip
          effect={decision.result}
          label={decision.result === 'allow' ? 'allowed' : 'denied'}
        />
        <Typography variant="body2" color="textSecondary">
          {decision.evaluatedRules} rules evaluated against policy set{' '}
          <code>{decision.policySetDigest}</code>; not recorded in the log.
        </Typography>
      </Box>
      <Section title={`Violations (${decision.violations.length})`}>
        <FiredRuleList
          rules={decision.violations}
          empty="No deny rule fired."
        />
      </Section>
      <Section title={`Warnings (${decision.warnings.length})`}>
        <FiredRuleList rules={decision.warnings} empty="No warnings." />
      </Section>
      <Section title={`Audits (${decision.audits.length})`}>
        <FiredRuleList rules={decision.audits} empty="Nothing to audit." />
      </Section>
    </Box>
  );
}

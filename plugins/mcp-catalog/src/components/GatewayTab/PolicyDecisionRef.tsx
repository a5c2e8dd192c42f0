import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import { policyPageRouteRef } from '../../routes';

/**
 * The policy rule and decision behind a refusal; with the mcp-policy plugin installed, a link to
 * its decision log, where the decision's rules and inputs are explained.
 */
export function PolicyDecisionRef(props: {
  rule?: string;
  decisionId?: string;
}) {
  const policyPage = useRouteRef(policyPageRouteRef);
  if (!props.rule && !props.decisionId) return null;
  return (
    <Typography variant="caption" color="textSecondary" display="block">
      {props.rule && (
        <>
          rule <code>{props.rule}</code>
        </>
      )}
      {props.rule && props.decisionId && ' · '}
      {props.decisionId && (
        <>
          decision <code>{props.decisionId}</code>
        </>
      )}
      {policyPage && (
        <>
          {' · '}
          <Link to={`${policyPage()}/decisions`}>decision log</Link>
        </>
      )}
    </Typography>
  );
}

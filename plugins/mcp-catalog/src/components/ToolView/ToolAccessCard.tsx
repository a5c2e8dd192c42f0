import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ToolCallDecision } from '@mcp-platform/plugin-mcp-policy-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import AllowedIcon from '@material-ui/icons/CheckCircle';
import DeniedIcon from '@material-ui/icons/Block';
import useAsync from 'react-use/esm/useAsync';
import { mcpToolAccessApiRef } from '../../api';
import { McpErrorPanel } from '../common/errors';
import { PolicyDecisionRef } from '../GatewayTab/PolicyDecisionRef';

/** The rule that decided, or none when the default did. */
function decidingRule(decision: ToolCallDecision): string | undefined {
  const effect = decision.result;
  return (
    decision.rules.find(r => r.effect === effect && !r.error) ??
    decision.rules.find(r => r.effect === effect)
  )?.rule;
}

function why(decision: ToolCallDecision): string {
  if (decision.reason === 'default') {
    return decision.result === 'allow'
      ? 'No rule decides this tool for you, and the default is allow.'
      : 'No rule allows you this tool, and the default is deny.';
  }
  return decision.message;
}

/**
 * "You may call this tool" or why not: the MCP policy engine's decision for the signed-in user,
 * the same the gateway enforces, with the rule that decided. Shows nothing where no policy
 * backend is installed.
 */
export function ToolAccessCard(props: { serverRef: string; toolName: string }) {
  const api = useApi(mcpToolAccessApiRef);
  const { value, loading, error } = useAsync(
    () => api.evaluateMyToolCall(props.serverRef, props.toolName),
    [api, props.serverRef, props.toolName],
  );
  const status = (error as { response?: { status?: number } } | undefined)
    ?.response?.status;
  if (status === 404) return null;
  const allowed = value?.result === 'allow';
  return (
    <InfoCard title="Can you call it?">
      {loading && !value && <Progress />}
      {error && (
        <McpErrorPanel
          error={error}
          title="Could not ask the policy engine whether you may call this tool"
          backend="mcp-policy"
        />
      )}
      {value && (
        <Box display="flex" alignItems="flex-start">
          <Box mr={1} color={allowed ? 'success.main' : 'error.main'}>
            {allowed ? (
              <AllowedIcon titleAccess="allowed" />
            ) : (
              <DeniedIcon titleAccess="denied" />
            )}
          </Box>
          <Box>
            <Typography variant="subtitle1">
              {allowed
                ? 'You may call this tool.'
                : 'You may not call this tool.'}
            </Typography>
            <Typography variant="body2">{why(value)}</Typography>
            {value.reason === 'error' && (
              <Typography variant="body2" color="textSecondary">
                The policy engine could not evaluate a rule and refuses until it
                can (it fails closed).
              </Typography>
            )}
            <PolicyDecisionRef rule={decidingRule(value)} />
          </Box>
        </Box>
      )}
    </InfoCard>
  );
}

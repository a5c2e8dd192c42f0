import { WarningPanel } from '@backstage/core-components';
import { PolicySetInfo } from '@mcp-platform/plugin-mcp-policy-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { formatTime } from '../common/formatTime';
import { LoadErrorList } from '../common/LoadErrorList';

/** The last reload failed: say so loudly, and say which set is still enforced. */
export function RejectedReloadPanel(props: { info: PolicySetInfo }) {
  const { info } = props;
  const hasActiveSet = info.policySetDigest !== 'none';
  return (
    <WarningPanel
      severity="error"
      defaultExpanded
      title={
        hasActiveSet
          ? `The last policy reload was rejected: the previous set stays active (${info.errors.length} error(s))`
          : `The policies did not load and no earlier set is active (${info.errors.length} error(s))`
      }
    >
      <Box>
        <Typography variant="body2" gutterBottom>
          Attempted {formatTime(info.lastLoadAttemptAt)}.{' '}
          {hasActiveSet
            ? `Decisions still use the set loaded ${formatTime(
                info.loadedAt,
              )}. Fix these and the engine picks the files up on its next reload:`
            : 'Fix these and the engine picks the files up on its next reload:'}
        </Typography>
        <LoadErrorList errors={info.errors} />
      </Box>
    </WarningPanel>
  );
}

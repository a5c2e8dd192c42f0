import { ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { LoadErrorList } from './LoadErrorList';
import { PermissionRequired } from './PermissionRequired';
import { readApiError } from './readApiError';

/**
 * A failed call to the policy engine: rejected input as a list of what to fix, a missing
 * permission as a sentence, anything else as Backstage's error panel.
 */
export function RequestErrorPanel(props: {
  error: Error;
  title: string;
  /** Permission the call needs; a 403 then names it instead of showing the raw error. */
  permission?: { name: string; purpose: string };
}) {
  const failure = readApiError(props.error);
  if (failure.status === 403 && props.permission) {
    return (
      <PermissionRequired
        permission={props.permission.name}
        purpose={props.permission.purpose}
      />
    );
  }
  if (failure.status === 400) {
    return (
      <WarningPanel severity="error" title={props.title} defaultExpanded>
        <Box>
          <Typography variant="body2" gutterBottom>
            {failure.issues.length > 0
              ? 'The engine rejected the input; nothing was evaluated:'
              : failure.message}
          </Typography>
          {failure.issues.length > 0 && (
            <Box component="ul" m={0} pl={2}>
              {failure.issues.map(issue => (
                <li key={issue}>
                  <Typography variant="body2">{issue}</Typography>
                </li>
              ))}
            </Box>
          )}
          {failure.loadErrors.length > 0 && (
            <LoadErrorList errors={failure.loadErrors} />
          )}
        </Box>
      </WarningPanel>
    );
  }
  return <ResponseErrorPanel error={props.error} title={props.title} />;
}

import { WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

/** Says what went wrong and what to do about it; never a stack trace. */
export function McpErrorPanel(props: { error: Error; title: string }) {
  const status =
    (props.error as { response?: { status?: number } }).response?.status ??
    (props.error as { statusCode?: number }).statusCode;
  // A backend error's own message says what was wrong; the generic one only names the status.
  const message =
    (props.error as { body?: { error?: { message?: string } } }).body?.error
      ?.message ?? props.error.message;
  let hint =
    'The MCP catalog backend did not answer as expected. Try again; if it persists, check the backend logs (plugin mcp-catalog).';
  if (status === 401 || status === 403) {
    hint =
      'Sign in again, or ask your Backstage admins for access to the MCP catalog.';
  } else if (status === 404) {
    hint =
      'It may not be registered yet, or the catalog has not synced it: servers appear within a minute of registration.';
  }
  return (
    <WarningPanel severity="error" title={props.title} defaultExpanded>
      <Typography variant="body2">{message}</Typography>
      <Typography variant="body2">{hint}</Typography>
    </WarningPanel>
  );
}

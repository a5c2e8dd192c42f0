import { WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

const BACKENDS = {
  'mcp-catalog': {
    name: 'MCP catalog',
    notFound:
      'It may not be registered yet, or the catalog has not synced it: servers appear within a minute of registration.',
  },
  'mcp-policy': {
    name: 'MCP policy',
    notFound:
      'The MCP policy backend may not be installed: add @mcp-platform/plugin-mcp-policy-backend to the Backstage backend.',
  },
  'mcp-gateway': {
    name: 'MCP gateway',
    notFound:
      'The MCP gateway backend may not be installed: add @mcp-platform/plugin-mcp-gateway-backend to the Backstage backend.',
  },
};

/** Says what went wrong and what to do about it; never a stack trace. */
export function McpErrorPanel(props: {
  error: Error;
  title: string;
  /** The backend plugin that failed, for the hint; the catalog's by default. */
  backend?: keyof typeof BACKENDS;
}) {
  const pluginId = props.backend ?? 'mcp-catalog';
  const backend = BACKENDS[pluginId];
  const status =
    (props.error as { response?: { status?: number } }).response?.status ??
    (props.error as { statusCode?: number }).statusCode;
  // A backend error's own message says what was wrong; the generic one only names the status.
  const message =
    (props.error as { body?: { error?: { message?: string } } }).body?.error
      ?.message ?? props.error.message;
  let hint = `The ${backend.name} backend did not answer as expected. Try again; if it persists, check the backend logs (plugin ${pluginId}).`;
  if (status === 401 || status === 403) {
    hint = `Sign in again, or ask your Backstage admins for access to the ${backend.name}.`;
  } else if (status === 404) {
    hint = backend.notFound;
  }
  return (
    <WarningPanel severity="error" title={props.title} defaultExpanded>
      <Typography variant="body2">{message}</Typography>
      <Typography variant="body2">{hint}</Typography>
    </WarningPanel>
  );
}

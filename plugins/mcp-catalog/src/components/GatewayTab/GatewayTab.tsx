import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import useAsync from 'react-use/esm/useAsync';
import { mcpGatewayApiRef } from '../../api';
import { CallableToolsTable } from './CallableToolsTable';
import { ConnectCard } from './ConnectCard';
import { RefusedCallsTable } from './RefusedCallsTable';
import { UpstreamHealthTable } from './UpstreamHealthTable';

/**
 * The MCP gateway from a user's side: how to connect, what they may call and why not, how the
 * servers behind it are doing, and which of their calls it refused.
 */
export function GatewayTab() {
  const api = useApi(mcpGatewayApiRef);
  const connect = useAsync(() => api.getEndpoints(), [api]);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <ConnectCard connect={connect} />
      </Grid>
      <Grid item xs={12}>
        <CallableToolsTable profiles={connect.value?.endpoints.profiles} />
      </Grid>
      <Grid item xs={12}>
        <UpstreamHealthTable />
      </Grid>
      <Grid item xs={12}>
        <RefusedCallsTable />
      </Grid>
    </Grid>
  );
}

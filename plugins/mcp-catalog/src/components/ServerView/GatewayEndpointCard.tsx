import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { mcpGatewayApiRef } from '../../api';
import { McpErrorPanel } from '../common/errors';
import { useMcpPaths } from '../common/paths';
import { CopyableUrl } from '../GatewayTab/CopyableUrl';

/** The server's single-server URL from the gateway's pattern `.../{namespace}/{name}/mcp`. */
export function gatewayServerUrl(pattern: string, entityRef: string): string {
  const { namespace, name } = parseEntityRef(entityRef, { defaultKind: 'api' });
  return pattern
    .replace('{namespace}', encodeURIComponent(namespace))
    .replace('{name}', encodeURIComponent(name));
}

/**
 * This server through the MCP gateway: its own endpoint, with the caller's permissions, limits
 * and metering applied. Shows nothing where no gateway backend is installed.
 */
export function GatewayEndpointCard(props: { entityRef: string }) {
  const api = useApi(mcpGatewayApiRef);
  const paths = useMcpPaths();
  const { value, loading, error } = useAsync(() => api.getEndpoints(), [api]);
  const status = (error as { response?: { status?: number } } | undefined)
    ?.response?.status;
  if (status === 404) return null;
  return (
    <InfoCard title="Through the gateway">
      {loading && <Progress />}
      {error && (
        <McpErrorPanel
          error={error}
          title="Could not load the gateway's endpoints"
          backend="mcp-gateway"
        />
      )}
      {value && (
        <>
          <CopyableUrl
            url={gatewayServerUrl(
              value.endpoints.serverPattern,
              props.entityRef,
            )}
            label="this server's gateway URL"
          />
          <Typography variant="body2" color="textSecondary">
            This server's tools, unprefixed, with your permissions checked, rate
            limits applied and every call metered. Client snippets and what you
            may call are on the <Link to={paths.gateway()}>Gateway tab</Link>.
          </Typography>
        </>
      )}
    </InfoCard>
  );
}

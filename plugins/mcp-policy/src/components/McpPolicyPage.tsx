import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';

/** The MCP policy page: the engine's inputs today; policies, playground and log as they land. */
export function McpPolicyPage() {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const { value, loading, error } = useAsync(async () => {
    const baseUrl = await discoveryApi.getBaseUrl('mcp-policy');
    const response = await fetchApi.fetch(`${baseUrl}/v1/context-providers`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as { items: { name: string }[] };
  }, [discoveryApi, fetchApi]);

  return (
    <Page themeId="tool">
      <Header
        title="MCP policies"
        subtitle="Deployment and tool-call decisions, explained"
      />
      <Content>
        <ContentHeader title="Policy inputs" />
        {loading && <Progress />}
        {error && (
          <ResponseErrorPanel
            error={error}
            title="Could not reach the MCP policy engine"
          />
        )}
        {value && (
          <InfoCard title="Context providers">
            {value.items.length === 0 ? (
              <Typography variant="body2">
                No context provider is installed: policies see only the request
                itself. Install the catalog or insights modules to give them
                owner, budget and SLO data.
              </Typography>
            ) : (
              <List dense>
                {value.items.map(p => (
                  <ListItem key={p.name}>
                    <ListItemText
                      primary={p.name}
                      secondary={`context.${p.name} in policy expressions`}
                    />
                  </ListItem>
                ))}
              </List>
            )}
          </InfoCard>
        )}
      </Content>
    </Page>
  );
}

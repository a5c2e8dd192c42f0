import { InfoCard, Progress } from '@backstage/core-components';
import {
  GatewayClientConfig,
  GatewayEndpoints,
} from '@mcp-platform/plugin-mcp-gateway-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { GatewayConnectInfo } from '../../api';
import { ClientSnippet, ClientTabs } from '../common/ClientSnippet';
import { McpErrorPanel } from '../common/errors';
import { CopyableUrl } from './CopyableUrl';

function ProfileList(props: { profiles: GatewayEndpoints['profiles'] }) {
  if (props.profiles.length === 0) return null;
  return (
    <>
      <Typography variant="subtitle2" style={{ marginTop: 16 }}>
        Profiles: named subsets of tools, for agents that need only those
      </Typography>
      <Typography variant="caption" color="textSecondary">
        The snippets below use the endpoint above; put a profile's URL in its
        place to give a client only that profile's tools.
      </Typography>
      <List dense disablePadding aria-label="Gateway profiles">
        {props.profiles.map(p => (
          <ListItem key={p.name} disableGutters>
            <ListItemText
              primary={
                <>
                  <strong>{p.name}</strong>
                  {p.description ? ` — ${p.description}` : ''}
                </>
              }
              secondary={
                <CopyableUrl url={p.url} label={`the ${p.name} profile URL`} />
              }
              secondaryTypographyProps={{ component: 'div' }}
            />
          </ListItem>
        ))}
      </List>
    </>
  );
}

function ClientSnippets(props: { clients: GatewayClientConfig[] }) {
  const [selected, setSelected] = useState(props.clients[0]?.client);
  const snippet = props.clients.find(c => c.client === selected);
  if (!selected || !snippet) return null;
  return (
    <ClientTabs
      clients={props.clients.map(c => c.client)}
      selected={selected}
      onSelect={setSelected}
    >
      <ClientSnippet {...snippet} />
    </ClientTabs>
  );
}

/** The gateway's endpoint URLs and the snippets that connect MCP clients to it. */
export function ConnectCard(props: {
  connect: { value?: GatewayConnectInfo; loading: boolean; error?: Error };
}) {
  const { value, loading, error } = props.connect;
  return (
    <InfoCard title="Connect an MCP client">
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
          <Typography variant="subtitle2">
            One endpoint with every tool you may call, across servers
          </Typography>
          <CopyableUrl
            url={value.endpoints.aggregate}
            label="the gateway endpoint URL"
          />
          <ProfileList profiles={value.endpoints.profiles} />
          <Typography variant="body2" color="textSecondary" paragraph>
            Each server also has its own endpoint, with unprefixed tool names,
            shown on its page: <code>{value.endpoints.serverPattern}</code>
          </Typography>
          <ClientSnippets clients={value.clients} />
          <Typography variant="body2" style={{ marginTop: 12 }}>
            <strong>Sign-in:</strong> the gateway acts as you, with your
            Backstage identity. Clients that support MCP authorization (OAuth)
            sign you in through Backstage when they first connect; others send a
            Backstage token as <code>Authorization: Bearer &lt;token&gt;</code>.
            Your token never reaches the MCP servers.
          </Typography>
        </>
      )}
    </InfoCard>
  );
}

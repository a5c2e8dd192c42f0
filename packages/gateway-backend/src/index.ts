/*
 * The MCP gateway as a Backstage backend of its own. Agent traffic (the data plane) then scales
 * apart from the portal: run as many of these as the traffic needs, behind one address. It
 * holds only the gateway; the software catalog, the MCP catalog, the policy engine, insights
 * and the permission framework stay in the main backend, found through `discovery.endpoints`
 * (see app-config.gateway.yaml and the gateway's README). Callers sign in with the main
 * backend's auth plugin, as for any Backstage backend.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@mcp-platform/plugin-mcp-gateway-backend'));
backend.start();

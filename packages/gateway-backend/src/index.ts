/*
 * The MCP gateway as a Backstage backend of its own. Agent traffic (the data plane) then scales
 * apart from the portal: run as many of these as the traffic needs, behind one address. The
 * main backend hands the gateway over by routing mcp-gateway here in its discovery.endpoints;
 * see app-config.gateway.yaml and "Running the gateway as its own backend" in
 * plugins/mcp-gateway-backend/README.md.
 */
import { createBackend } from '@backstage/backend-defaults';
import { gatewayBackendFeatures } from './features';

const backend = createBackend();
for (const feature of gatewayBackendFeatures) backend.add(feature);
backend.start();
